"""Rewrite the user's own code for the SageMaker container, one LibCST codemod per concern.

`TRANSFORMS` is applied in this order to every project file; each receives the plan and never
re-detects. The ones a file needs run in one walk of its tree (`combined.py`), with the result
of running them one after another. Another framework (TensorFlow/Keras, Hugging Face, Lightning) is one more module
here and one more entry in the tuple. Helpers the rewritten code calls live in one generated
module, `sagebridge_runtime.py` (templates/runtime/), written beside the entry script.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst import ParserSyntaxError

from sagebridge.model import MigrationPlan
from sagebridge.transform.absl_flags import AbslFlagsTransform
from sagebridge.transform.base import PlanCodemod, Positions, TransformContext
from sagebridge.transform.channels import ChannelsTransform
from sagebridge.transform.combined import CombinedPass, Inexact, OriginalPositions, combinable
from sagebridge.transform.dataset_downloads import DatasetDownloadsTransform
from sagebridge.transform.device import DeviceTransform
from sagebridge.transform.environment_settings import EnvironmentSettingsTransform
from sagebridge.transform.failure_file import FailureFileTransform
from sagebridge.transform.hub_datasets import HubDatasetsTransform
from sagebridge.transform.huggingface import ResumeTransform
from sagebridge.transform.hydra_configs import HydraConfigsTransform
from sagebridge.transform.hyperparameters import HyperparametersTransform
from sagebridge.transform.imports import add_imports
from sagebridge.transform.keras import KerasTransform
from sagebridge.transform.keras_plots import KerasPlotsTransform
from sagebridge.transform.lightning import LightningTransform
from sagebridge.transform.lines import LineMap
from sagebridge.transform.logged_models import LoggedModelsTransform
from sagebridge.transform.metrics import MetricsTransform
from sagebridge.transform.model_saving import ModelSavingTransform
from sagebridge.transform.notebook_magics import NotebookMagicsTransform
from sagebridge.transform.outputs import OutputsTransform
from sagebridge.transform.positional import PositionalArgvTransform
from sagebridge.transform.s3_access import S3AccessTransform
from sagebridge.transform.secrets import SecretsTransform
from sagebridge.transform.sklearn_fetchers import SklearnFetchersTransform

# Order matters: statements added to the entry block (hyperparameters, device) come before the
# failure-file transform wraps that whole block. Secrets go first, at the plan's columns.
TRANSFORMS: tuple[type[PlanCodemod], ...] = (
    SecretsTransform,
    NotebookMagicsTransform,
    HyperparametersTransform,
    PositionalArgvTransform,
    AbslFlagsTransform,
    EnvironmentSettingsTransform,
    HydraConfigsTransform,
    ChannelsTransform,
    DatasetDownloadsTransform,
    S3AccessTransform,
    HubDatasetsTransform,
    SklearnFetchersTransform,
    ModelSavingTransform,
    KerasTransform,
    KerasPlotsTransform,
    LoggedModelsTransform,
    OutputsTransform,
    ResumeTransform,
    MetricsTransform,
    DeviceTransform,
    LightningTransform,
    FailureFileTransform,
)


@dataclass(frozen=True)
class TransformedFile:
    path: str  # relative to the project root
    original: str
    code: str
    applied: tuple[str, ...]  # NAMEs of the transforms that changed something
    warnings: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.code != self.original


def _run(codemod: PlanCodemod, tree: cst.Module) -> cst.Module:
    """One transform over `tree`, then the imports it asked for. No copy of the tree is made
    (every tree here is fresh from the parser or from the previous transform). Any exception,
    KeyboardInterrupt (Ctrl-C) included, propagates."""
    result = tree.visit(codemod)
    if codemod.context.imports:
        result = add_imports(result, codemod.context.imports)
    return result


def transform_file(
    plan: MigrationPlan,
    path: str,
    code: str,
    transforms: tuple[type[PlanCodemod], ...] = TRANSFORMS,
    *,
    combine: bool = True,
) -> TransformedFile:
    """Apply `transforms` in order to one file; a file that can't be parsed is kept as it is.

    A transform the plan has no decision for in this file is not run at all, so a module no
    decision touches is copied without being parsed (analyze/ has parsed it already). The others
    run in one walk of the tree (`combined.py`), or one after another where one walk can't give
    the same result (or with `combine=False`).
    """
    wanted = tuple(transform for transform in transforms if transform.applies(plan, path))
    if not wanted:
        return TransformedFile(path, code, code, (), ())
    try:
        tree = cst.parse_module(code)
        if combine and len(wanted) > 1 and combinable(wanted):
            try:
                return _combined(plan, path, code, tree, wanted)
            except Inexact:
                pass  # the tree is untouched: LibCST builds new nodes, never edits them
        return _sequential(plan, path, code, tree, wanted)
    except ParserSyntaxError as error:
        warning = f"{path}: not valid Python ({error.message}); copied as is"
        return TransformedFile(path, code, code, (), (warning,))


def _combined(
    plan: MigrationPlan,
    path: str,
    code: str,
    tree: cst.Module,
    wanted: tuple[type[PlanCodemod], ...],
) -> TransformedFile:
    positions = OriginalPositions(tree)
    lines = LineMap(code)  # never advanced: every codemod sees the user's original tree
    walk = CombinedPass(
        [transform(TransformContext(path, positions), plan, lines) for transform in wanted]
    )
    result = walk.add_imports(tree.visit(walk))
    new_code = result.code
    applied = (
        tuple(transform.NAME for transform, changed in zip(wanted, walk.changed) if changed)
        if new_code != code
        else ()
    )
    warnings = tuple(w for codemod in walk.codemods for w in codemod.context.warnings)
    return TransformedFile(path, code, new_code, applied, warnings)


def _sequential(
    plan: MigrationPlan,
    path: str,
    code: str,
    tree: cst.Module,
    wanted: tuple[type[PlanCodemod], ...],
) -> TransformedFile:
    lines = LineMap(code)
    current = code
    applied: list[str] = []
    warnings: list[str] = []
    positions = Positions(tree)  # resolved once per tree, only if a transform asks
    for transform in wanted:
        codemod = transform(TransformContext(path, positions), plan, lines)
        result = _run(codemod, tree)
        warnings.extend(codemod.context.warnings)
        new_code = result.code
        if new_code != current:
            applied.append(transform.NAME)
            lines.advance(new_code)
            current = new_code
            tree = result
            positions = Positions(tree)
    return TransformedFile(path, code, current, tuple(applied), tuple(warnings))
