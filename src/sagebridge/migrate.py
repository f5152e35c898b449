"""`sagebridge migrate`: the user's project, rewritten for SageMaker, plus the project around it.

    analyse (reads and parses the sources once) -> plan -> transform each file -> file map -> check OUT -> write

The plan also gets the heads of the project's CSV files (`read_data_samples`), to judge the
data's columns for the generated tests.

The file map holds OUT/code/ (the project's Python files with their layout, companion scripts
untouched, `sagebridge_runtime.py` beside the entry script, `requirements.txt`), OUT/docs/train.diff (original ->
migrated), OUT/analysis.json and every file `render_project` renders. It is written atomically
(`render.writer`): an error or Ctrl-C leaves no partial OUT, and SRC is only ever read.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path

from sagebridge import contract
from sagebridge.analyze import (
    SettingsCopy,
    analyze_with_index,
    read_data_samples,
    read_settings_files,
)
from sagebridge.analyze.downloads import FILE_FETCHERS, GET_FILE
from sagebridge.errors import UserError
from sagebridge.model import Artifact, ArtifactStatus, MigrationPlan, StrEnum
from sagebridge.plan import build_plan
from sagebridge.plan.aws_steps import AwsStep, aws_steps
from sagebridge.plan.docs import template_values
from sagebridge.plan.hyperparameters import ARGV_SETTINGS
from sagebridge.render.project import render_project
from sagebridge.render.runtime import render_launch, render_runtime
from sagebridge.render.writer import check_destination, recover, write_tree
from sagebridge.serialize import to_json
from sagebridge.state import STATE_DIR
from sagebridge.transform import TransformedFile, transform_file
from sagebridge.transform.base import RUNTIME_MODULE
from sagebridge.transform.deep import run_with_deep_stack
from sagebridge.transform.secrets import HOW_TO_PASS, mask_secrets

CODE_DIR = "code"
DIFF_FILE = "docs/train.diff"
ANALYSIS_FILE = "analysis.json"
RUNTIME_FILE = f"{RUNTIME_MODULE}.py"


class Verb(StrEnum):
    CREATE = "create"
    IDENTICAL = "identical"
    UPDATE = "update"
    REMOVE = "remove"  # in the old OUT (--force) but no longer generated


@dataclass(frozen=True)
class FileAction:
    path: str  # relative to OUT
    verb: Verb


@dataclass(frozen=True)
class CodeChange:
    path: str  # relative to OUT
    transforms: tuple[str, ...]  # the transforms that changed it, in order


@dataclass(frozen=True)
class PlanSummary:
    project: str
    framework: str
    entry_point: str
    names: dict[str, str]
    hyperparameters: dict[str, str]  # flag -> default as SageMaker passes it
    channels: dict[str, str]  # channel -> env variable
    metrics: dict[str, str]  # name -> CloudWatch regex
    objective_metric: str | None
    objective_direction: str  # "max" | "min" ("" without an objective)
    gate: str  # GateSource: "evaluation" | "training_metric" | "none"
    gate_note: str  # one plain sentence when the gate is not the Evaluate step's report
    requirements: tuple[str, ...]
    # The one path to AWS (plan/aws_steps.py), which migrate's closing lines print.
    aws_steps: tuple[AwsStep, ...] = ()


@dataclass(frozen=True)
class MigrateResult:
    source: str
    out: str
    dry_run: bool
    files: tuple[FileAction, ...]
    changes: tuple[CodeChange, ...]
    plan: PlanSummary
    warnings: tuple[str, ...]
    # Each optional artifact: complete, left out (why) or needs review (file:line). A generated
    # file that would not run is never written: its artifact is left out instead.
    artifacts: tuple[Artifact, ...] = ()


def _summary(plan: MigrationPlan) -> PlanSummary:
    names = plan.names
    return PlanSummary(
        project=names.project,
        framework=str(plan.framework),
        entry_point=plan.entry_point,
        names={key: getattr(names, key) for key in sorted(vars(names))},
        hyperparameters={hp.flag: str(hp.default) for hp in plan.hyperparameters},
        channels={channel.name: channel.env for channel in plan.channels},
        metrics={metric.name: metric.regex for metric in plan.metrics},
        objective_metric=plan.objective_metric,
        objective_direction=(
            ""
            if plan.objective_metric is None
            else "max"
            if plan.objective_greater_is_better
            else "min"
        ),
        gate=str(plan.gate),
        gate_note=plan.gate_note,
        requirements=plan.requirements,
        aws_steps=aws_steps(plan),
    )


def _diff(changed: list[TransformedFile]) -> str:
    chunks: list[str] = []
    for item in sorted(changed, key=lambda t: t.path):
        chunks.extend(
            difflib.unified_diff(
                item.original.splitlines(keepends=True),
                item.code.splitlines(keepends=True),
                fromfile=f"a/{item.path}",
                tofile=f"b/{item.path}",
            )
        )
    return "".join(chunks)


def _in_code(path: str) -> str:
    """`src/models/net.py` -> `code/src/models/net.py`: code/ keeps the project's layout, so
    an entry script in a subfolder stays there (`entry_script="src/train.py"`, source_dir
    code/) and paths built from `__file__` (`Path(__file__).parents[1] / "data"`) still point
    where they did."""
    return f"{CODE_DIR}/{path}"


def _settings_files(
    plan: MigrationPlan, settings: dict[str, SettingsCopy], code: dict[str, str]
) -> tuple[dict[str, bytes], list[str]]:
    """Settings files (YAML, TOML, JSON, INI), copied into code/ at their place in the project
    as bytes in their own encoding: the script may open them at run time. A secret in one is
    `${ENV}` in the copy, and a warning says so."""
    copied: dict[str, bytes] = {}
    warnings: list[str] = []
    for path, settings_copy in sorted(settings.items()):
        target = _in_code(path)
        if target in code:
            continue  # a file we generate there
        copied[target] = settings_copy.data
        warnings += [
            f"{s.file}:{s.line}: {s.kind} ({s.masked}) is ${{{s.env}}} in {target}; have the "
            f"script read {s.env} from the environment: {HOW_TO_PASS}"
            for s in settings_copy.secrets
        ]
    return copied, warnings


def _code_files(
    plan: MigrationPlan, sources: dict[str, str]
) -> tuple[dict[str, str], list[TransformedFile], list[str]]:
    """OUT/code: every Python file at its place in the project; the entry point and the modules
    it uses migrated, companion scripts (prepare.py, predict.py, ...) copied untouched; our
    runtime module beside the entry script (its folder is sys.path[0])."""
    root = posixpath.dirname(plan.entry_point)
    companions = set(plan.analysis.companion_scripts)
    files: dict[str, str] = {}
    transformed: list[TransformedFile] = []
    warnings: list[str] = []
    for path in sorted(sources):
        if path == posixpath.join(root, RUNTIME_FILE):
            continue  # ours, from an earlier migration: rendered afresh below
        if path in companions:  # byte for byte, unless a secret in it must go
            files[_in_code(path)] = mask_secrets(plan, path, sources[path])
            continue
        result = _transform_deep(plan, path, sources[path])
        warnings.extend(result.warnings)
        files[_in_code(path)] = result.code
        if result.changed:
            transformed.append(result)
    for name, text in render_runtime(
        keras=plan.keras is not None or (plan.dataset is not None and plan.dataset.kind == "keras"),
        lightning=plan.lightning is not None,
        downloads=any(
            d.call in FILE_FETCHERS or d.call in (*GET_FILE, "requests.get") and d.url
            for d in plan.analysis.dataset_downloads
        )
        or (plan.dataset is not None and plan.dataset.kind in ("hub_dataset", "sklearn_fetch")),
        settings=plan.model.hyperparameter_args if plan.model is not None else (),
        settings_argv=any(hp.origin in ARGV_SETTINGS for hp in plan.hyperparameters)
        or any(parser.positionals for parser in plan.edits.parsers),
        s3=plan.s3 is not None,
    ).items():
        files[_in_code(posixpath.join(root, name))] = text
    if plan.steps is not None and plan.steps.inference.kind == "model":  # code in the model
        for name, text in render_launch().items():
            files[f"{CODE_DIR}/{name}"] = text
    requirements = "".join(f"{line}\n" for line in plan.requirements)
    files[f"{CODE_DIR}/{contract.REQUIREMENTS_FILE}"] = requirements
    return files, transformed, warnings


def _transform_deep(plan: MigrationPlan, path: str, code: str) -> TransformedFile:
    """`transform_file`, retried on a deeper stack when LibCST recurses too deep (thousands of
    statements, long operator chains, deep brackets); a file deeper still is a user error."""
    try:
        return transform_file(plan, path, code)
    except RecursionError:
        pass
    try:
        return run_with_deep_stack(lambda: transform_file(plan, path, code))
    except RecursionError:
        raise UserError(
            f"{path}: nested too deeply for the code rewriter; split the longest expression "
            "or the largest block into functions, then migrate again"
        ) from None


def _verbs(files: dict[str, str | bytes], out: Path) -> tuple[FileAction, ...]:
    actions = []
    for path in sorted(files):
        target = out / path
        content = files[path]
        if not target.is_file():
            verb = Verb.CREATE
        elif target.read_bytes() == (content if isinstance(content, bytes) else content.encode()):
            verb = Verb.IDENTICAL
        else:
            verb = Verb.UPDATE
        actions.append(FileAction(path, verb))
    if out.is_dir():
        old = {
            p.relative_to(out).as_posix()
            for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).parts[0] != STATE_DIR
        }
        actions += [FileAction(path, Verb.REMOVE) for path in sorted(old - set(files))]
    return tuple(actions)


def migrate_project(
    src: Path,
    out: Path,
    *,
    force: bool = False,
    entry_point: str | None = None,
    dry_run: bool = False,
    metric: str | None = None,
    ignore_ctrl_c_after_write: bool = False,
) -> MigrateResult:
    """`metric` (`--metric NAME[:min|max]`) chooses the objective the gate and tuning use.
    `ignore_ctrl_c_after_write` (the CLI): once OUT is written, Ctrl-C is ignored, so an exit
    of 130 always means OUT is as it was."""
    repairs = [] if dry_run else recover(out, keep=(STATE_DIR,))
    check_destination(out, src, force)
    analysed = analyze_with_index(src, entry_point)
    analysis, sources = analysed.analysis, analysed.index.texts()
    settings_files = read_settings_files(src)
    plan = build_plan(
        analysis, read_data_samples(src), metric=metric,
        settings={path: copy.data for path, copy in settings_files.items()},
    )  # fmt: skip
    files, transformed, warnings = _code_files(plan, sources)
    settings, settings_warnings = _settings_files(plan, settings_files, files)
    warnings += settings_warnings
    files[DIFF_FILE] = _diff(  # its removed lines would show the secrets the code no longer has
        [replace(t, original=mask_secrets(plan, t.path, t.original)) for t in transformed]
    )
    files[ANALYSIS_FILE] = to_json(analysis)
    project = render_project(plan, template_values(plan))
    clash = sorted(set(project) & (set(files) | set(settings)))
    if clash:
        raise UserError(
            f"{clash[0]}: the project has its own file where sagebridge writes one; rename it "
            "(or pass --entry-point if it is not part of the training code)"
        )
    files.update(project)
    written: dict[str, str | bytes] = {**files, **settings}
    actions = _verbs(written, out)
    if not dry_run:
        write_tree(
            written,
            out,
            force=force,
            keep=(STATE_DIR,),  # local runs survive
            ignore_ctrl_c_after=ignore_ctrl_c_after_write,
        )
    return MigrateResult(
        source=src.name,
        out=str(out),
        dry_run=dry_run,
        files=actions,
        changes=tuple(
            CodeChange(_in_code(t.path), t.applied) for t in transformed
        ),
        plan=_summary(plan),
        warnings=tuple(repairs) + tuple(analysis.warnings) + plan.warnings + tuple(warnings),
        artifacts=plan.steps.artifacts if plan.steps is not None else (),
    )



def needs_review(result: MigrateResult) -> tuple[Artifact, ...]:
    """The items a person must act on before the project is complete (migrate exits 3)."""
    return tuple(a for a in result.artifacts if a.status is ArtifactStatus.NEEDS_REVIEW)
