"""Rewrite the user's own code for the SageMaker container, one LibCST codemod per concern.

`TRANSFORMS` is applied in this order to every project file; each receives the plan and never
re-detects. Another framework (TensorFlow/Keras, Hugging Face, Lightning) is one more module
here and one more entry in the tuple. Helpers the rewritten code calls live in one generated
module, `sagebridge_runtime.py` (templates/runtime/), written beside the entry script.
"""

from __future__ import annotations

from dataclasses import dataclass

from libcst import ParserSyntaxError
from libcst.codemod import (
    CodemodContext,
    TransformFailure,
    TransformSkip,
    TransformSuccess,
    transform_module,
)

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import PlanCodemod
from sagebridge.transform.channels import ChannelsTransform
from sagebridge.transform.dataset_downloads import DatasetDownloadsTransform
from sagebridge.transform.device import DeviceTransform
from sagebridge.transform.failure_file import FailureFileTransform
from sagebridge.transform.hyperparameters import HyperparametersTransform
from sagebridge.transform.lines import LineMap
from sagebridge.transform.metrics import MetricsTransform
from sagebridge.transform.model_saving import ModelSavingTransform
from sagebridge.transform.outputs import OutputsTransform
from sagebridge.transform.secrets import SecretsTransform

# Order matters: statements added to the entry block (hyperparameters, device) come before the
# failure-file transform wraps that whole block. Secrets go first, at analysis's own columns.
TRANSFORMS: tuple[type[PlanCodemod], ...] = (
    SecretsTransform,
    HyperparametersTransform,
    ChannelsTransform,
    DatasetDownloadsTransform,
    ModelSavingTransform,
    OutputsTransform,
    MetricsTransform,
    DeviceTransform,
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


def transform_file(
    plan: MigrationPlan,
    path: str,
    code: str,
    transforms: tuple[type[PlanCodemod], ...] = TRANSFORMS,
) -> TransformedFile:
    """Apply `transforms` in order to one file; a file that can't be parsed is kept as it is."""
    lines = LineMap(code)
    current = code
    applied: list[str] = []
    warnings: list[str] = []
    for transform in transforms:
        context = CodemodContext(filename=path)
        result = transform_module(transform(context, plan, lines), current)
        if isinstance(result, TransformSuccess):
            warnings.extend(result.warning_messages)
            if result.code != current:
                applied.append(transform.NAME)
                lines.advance(result.code)
                current = result.code
        elif isinstance(result, TransformSkip):
            warnings.append(f"{path}: {transform.NAME} skipped: {result.skip_description}")
        elif isinstance(result, TransformFailure):
            if isinstance(result.error, ParserSyntaxError):
                warnings.append(f"{path}: not valid Python ({result.error.message}); copied as is")
                return TransformedFile(path, code, code, (), tuple(warnings))
            raise result.error
    return TransformedFile(path, code, current, tuple(applied), tuple(warnings))
