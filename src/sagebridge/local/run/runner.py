"""Execute a pipeline definition JSON on this machine, step by step in dependency order.

    definition = build_definition(out, store)          # from OUT/pipeline/pipeline.py
    summary = run_definition(definition, RunOptions(out=out, parameters={"epochs": "1"}))

Every step type is checked before anything runs (an unsupported one fails the run up front);
Processing/Training/Tuning steps run their scripts as subprocesses of this Python in sandboxes
laid out like /opt/ml; a condition chooses which of its branch steps run; a failing step stops
the run. Each step's output goes to `<state>/runs/<execution>/<step>.log` and to `emit`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sagebridge.contract import EPOCH_PROGRESS_PATTERN
from sagebridge.errors import UserError
from sagebridge.local.registry import parse_approval, registry_for
from sagebridge.local.run.cache import CACHEABLE_TYPES, StepCache, cache_key
from sagebridge.local.run.graph import (
    data_parameters,
    dependencies,
    execution_order,
    flatten,
    resolve_parameters,
)
from sagebridge.local.run.image_versions import step_versions, version_warnings
from sagebridge.local.run.resolve import ResolveError, Resolver
from sagebridge.local.run.steps import Executor, StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.condition import check_condition, run_condition, run_fail
from sagebridge.local.run.steps.processing import check_processing, run_processing
from sagebridge.local.run.steps.register import check_register, run_register
from sagebridge.local.run.steps.training import check_training, run_training
from sagebridge.local.run.steps.tuning import check_tuning, run_tuning
from sagebridge.local.run.store import STORE_DIR, ObjectStore, StoreError, stage_user_data
from sagebridge.model import StrEnum
from sagebridge.progress import Progress
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics
from sagebridge.serialize import to_json
from sagebridge.state import LAST_RUN_FILE, state_dir, write_atomic

RUNS_DIR = "runs"
CACHE_DIR = "cache"
DEFINITIONS_DIR = "definitions"
LOCAL_DATA_BUCKET = "sagebridge-local-data"
_EPOCH_PROGRESS = re.compile(EPOCH_PROGRESS_PATTERN)

EXECUTORS: dict[str, tuple[Callable[[Mapping[str, Any]], None], Executor]] = {
    "Processing": (check_processing, run_processing),
    "Training": (check_training, run_training),
    "Tuning": (check_tuning, run_tuning),
    "Condition": (check_condition, run_condition),
    "Fail": (lambda step: None, run_fail),
    "RegisterModel": (check_register, run_register),
}


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    CACHED = "cached"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # Ctrl-C came while it ran; its processes were stopped
    NOT_RUN = "not_run"  # a condition chose the other branch, or the run stopped before it


class RunStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


@dataclass
class StepRecord:
    name: str
    type: str
    status: StepStatus = StepStatus.PENDING
    duration_s: float | None = None
    log: str | None = None
    epochs_total: int | None = None  # a Training step's epoch count, when a hyperparameter says
    versions: dict[str, Any] | None = None  # a job step's image versions beside this machine's


@dataclass(frozen=True)
class RunSummary:
    status: RunStatus
    execution_id: str | None  # None: interrupted before any execution started
    steps: tuple[StepRecord, ...]
    metrics: dict[str, float]
    registered_model: dict[str, Any] | None
    failure: str | None = None  # the failed step's reason
    failure_detail: str | None = None  # e.g. the failure file's traceback
    warnings: tuple[str, ...] = ()  # e.g. a damaged cache entry that was ignored


def report_line(progress: Progress, record: StepRecord, text: str) -> None:
    """A step's output line: the runtime's epoch progress lines become `epoch` reports."""
    epoch = _EPOCH_PROGRESS.match(text)
    if epoch:  # still in the step's log file; the progress view shows it as a bar
        progress.epoch(record, int(epoch.group(1)))
    else:
        progress.step_output(record, text)


@dataclass
class RunOptions:
    out: Path
    parameters: Mapping[str, str] = field(default_factory=dict)  # -p NAME=VALUE
    data: Mapping[str, str] = field(default_factory=dict)  # --data INPUT=PATH_OR_URI
    use_cache: bool = True
    processes: int = 1  # --processes N: a torchrun training job's processes (SageMaker: per GPU)
    progress: Progress = field(default_factory=Progress)


def local_store(out: Path) -> ObjectStore:
    return ObjectStore(state_dir(out) / STORE_DIR)


# ---- the run ---------------------------------------------------------------------------------


def check_supported(steps: list[Mapping[str, Any]]) -> None:
    for step in steps:
        if step["Type"] not in EXECUTORS:
            raise UserError(
                f"step {step['Name']}: type {step['Type']} can't run locally "
                f"(supported: {', '.join(EXECUTORS)})"
            )
        try:
            EXECUTORS[step["Type"]][0](step)
        except Unsupported as error:
            raise UserError(str(error)) from None


def check_approval_statuses(steps: list[Mapping[str, Any]], parameters: Mapping[str, Any]) -> None:
    """A registration's approval status known before the run (a literal or a parameter) is
    checked up front: a typo in -p ModelApprovalStatus must not cost a whole training first."""
    for step in steps:
        if step["Type"] != "RegisterModel":
            continue
        status = step["Arguments"].get("ModelApprovalStatus")
        if isinstance(status, Mapping) and str(status.get("Get", "")).startswith("Parameters."):
            status = parameters.get(status["Get"].split(".", 1)[1])
        if isinstance(status, str):
            try:
                parse_approval(status)
            except UserError as error:
                raise UserError(f"step {step['Name']}: {error}") from None


def run_definition(definition: Mapping[str, Any], options: RunOptions) -> RunSummary:
    out = options.out
    store = local_store(out)
    steps, owner = flatten(definition)
    check_supported(steps)
    order = execution_order(steps, owner)
    by_name = {s["Name"]: s for s in steps}

    overrides = dict(options.parameters)
    inputs = data_parameters(steps)
    for channel, source in options.data.items():
        if channel not in inputs:
            raise UserError(
                f"--data {channel}=...: no step input reads a parameter under that name "
                f"(inputs fed by parameters: {', '.join(sorted(inputs)) or 'none'})"
            )
        uri = f"s3://{LOCAL_DATA_BUCKET}/{channel}"
        stage_user_data(store, source, uri)
        overrides[inputs[channel]] = uri
    parameters = resolve_parameters(definition, overrides)
    for name, value in parameters.items():  # input URIs given as paths: map them to the store
        if isinstance(value, str) and name in inputs.values() and not value.startswith("s3://"):
            uri = f"s3://{LOCAL_DATA_BUCKET}/{name}"
            stage_user_data(store, value, uri)
            parameters[name] = uri
    check_approval_statuses(steps, parameters)
    if any(step["Type"] == "RegisterModel" for step in steps):
        registry_for(out).check()  # a damaged registry.db: say so before training, not after

    execution_id = uuid.uuid4().hex[:12]
    run_dir = state_dir(out) / RUNS_DIR / execution_id
    run_dir.mkdir(parents=True)
    execution = {
        "PipelineExecutionId": execution_id,
        "PipelineExecutionArn": f"arn:aws:sagemaker:local:000000000000:pipeline/local/execution/{execution_id}",
        "PipelineName": definition.get("PipelineName", out.name),
        "StartDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "CurrentDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }

    def read_property_file(step_name: str, file_name: str) -> Any:
        entry = next(
            (
                p
                for p in by_name[step_name].get("PropertyFiles", [])
                if p["PropertyFileName"] == file_name
            ),
            None,
        )
        if entry is None:
            raise ResolveError(f"step {step_name} has no property file {file_name}")
        outputs = resolver.steps[step_name]["ProcessingOutputConfig"]["Outputs"]
        output = next((o for o in outputs if o["OutputName"] == entry["OutputName"]), None)
        if output is None:
            raise ResolveError(f"step {step_name} has no output {entry['OutputName']}")
        uri = output["S3Output"]["S3Uri"].rstrip("/") + "/" + entry["FilePath"]
        path = store.path_for(uri)
        if not path.is_file():
            raise ResolveError(f"{step_name} wrote no {entry['FilePath']} in {entry['OutputName']}")
        return json.loads(path.read_text())

    resolver = Resolver(parameters, execution, read_property_file)
    cache = StepCache(state_dir(out) / CACHE_DIR, store)
    records = {name: StepRecord(name, by_name[name]["Type"]) for name in order}
    versions = step_versions(out, steps)  # recorded beside each job step, warned where they differ
    for name, record_versions in versions.items():
        records[name].versions = record_versions.document()
    chosen: set[str] = set()  # branch steps a condition selected
    metrics: dict[str, float] = {}
    registered: dict[str, Any] | None = None
    failure: tuple[str, str] | None = None

    for name in order:
        step, record = by_name[name], records[name]
        blocked = name in owner and name not in chosen
        blocked |= any(
            records[d].status not in (StepStatus.SUCCEEDED, StepStatus.CACHED)
            for d in dependencies(step, owner)
        )
        if failure is not None or blocked:
            record.status = StepStatus.NOT_RUN
            continue
        record.log = str(run_dir / f"{name}.log")
        if record.versions is not None:
            write_atomic(run_dir / f"{name}.versions.json", to_json(record.versions))
        record.status = StepStatus.RUNNING
        record.epochs_total = epochs_total(step, resolver)
        options.progress.step_started(record)
        started = time.monotonic()
        context = StepContext(
            out=out,
            store=store,
            resolver=resolver,
            run_dir=run_dir,
            execution_id=execution_id,
            log_path=Path(record.log),
            emit=functools.partial(report_line, options.progress, record),
            processes=options.processes,
        )
        try:
            outcome, record.status = _run_step(step, context, cache, options.use_cache)
        except StepFailed as error:
            failure = (error.reason, error.detail)
            record.status = StepStatus.FAILED
        except (ResolveError, StoreError) as error:
            failure = (f"{name}: {error}", "")
            record.status = StepStatus.FAILED
        except KeyboardInterrupt:  # the step's processes are stopped (steps.process)
            failure = (f"interrupted during step {name}", "")
            record.status = StepStatus.INTERRUPTED
        else:
            resolver.set_step_properties(name, outcome.properties)
            chosen.update(outcome.branch or [])
            metrics.update(outcome.metrics)
            registered = dict(outcome.registered) if outcome.registered else registered
        record.duration_s = round(time.monotonic() - started, 3)
        Path(record.log).touch()
        options.progress.step_finished(record)

    for step_name in order:  # the evaluation report's metrics are the run's metrics
        if resolver.steps.get(step_name) is not None:
            for property_file in by_name[step_name].get("PropertyFiles", []):
                report = read_property_file(step_name, property_file["PropertyFileName"])
                with contextlib.suppress(EvaluationReportError):  # another kind of property file
                    metrics.update(evaluation_metrics(report))
    if any(r.status == StepStatus.INTERRUPTED for r in records.values()):
        status = RunStatus.INTERRUPTED
    else:
        status = RunStatus.FAILED if failure else RunStatus.SUCCEEDED
    return RunSummary(
        status=status,
        execution_id=execution_id,
        steps=tuple(records[n] for n in order),
        metrics=metrics,
        registered_model=registered,
        failure=failure[0] if failure else None,
        failure_detail=failure[1] if failure else None,
        warnings=(*version_warnings(versions), *cache.warnings),
    )


# The migrated script keeps its own hyperparameter names: the epoch count is found under the
# usual spellings.
EPOCH_HYPERPARAMETERS = ("epochs", "num_epochs", "n_epochs", "max_epochs", "epoch")


def epochs_total(step: Mapping[str, Any], resolver: Resolver) -> int | None:
    """A Training step's number of epochs from its resolved hyperparameters, if one names it."""
    if step["Type"] != "Training":
        return None
    try:
        hyperparameters = resolver.resolve(step["Arguments"].get("HyperParameters", {}))
    except ResolveError:  # the step itself fails with this error when it runs
        return None
    for name in EPOCH_HYPERPARAMETERS:
        value = str(hyperparameters.get(name, "")).strip()
        if value.isdigit():
            return int(value)
    return None


def _run_step(
    step: Mapping[str, Any], context: StepContext, cache: StepCache, use_cache: bool
) -> tuple[StepOutcome, StepStatus]:
    executor = EXECUTORS[step["Type"]][1]
    if step["Type"] not in CACHEABLE_TYPES:
        return executor(step, context), StepStatus.SUCCEEDED
    arguments = context.resolver.resolve(step["Arguments"])
    # Another process count is another run (the default keeps the keys earlier runs wrote).
    extra = step["Name"] if context.processes == 1 else [step["Name"], context.processes]
    key = cache_key(step["Type"], arguments, context.store, context.execution_id, extra)
    entry = cache.get(key) if use_cache else None
    if entry is not None:
        context.emit(f"cache hit: reusing the outputs of an earlier run ({key[:12]})")
        with open(context.log_path, "a", encoding="utf-8") as log:
            log.write(f"cache hit {key}\n")
        return StepOutcome(properties=entry["properties"], metrics=entry["metrics"]), (
            StepStatus.CACHED
        )
    outcome = executor(step, context)
    cache.put(key, outcome.properties, outcome.metrics)
    return outcome, StepStatus.SUCCEEDED


def run_project(out: Path, options: RunOptions, tuning: bool = False) -> RunSummary:
    """Build OUT's pipeline definition offline, then run it (what `sagebridge run --local` does)."""
    from sagebridge.local.definition import DefinitionError, cached_definition

    if not Path(out).is_dir():
        raise UserError(f"{out}: not a folder; pass the OUT folder `sagebridge migrate` wrote")
    # Steps run with their sandbox as the working directory: every path must be absolute.
    out = Path(out).resolve()
    options = replace(options, out=out)
    warnings: list[str] = []
    try:
        definition = cached_definition(
            out,
            local_store(out),
            state_dir(out) / DEFINITIONS_DIR,
            tuning=tuning,
            use_cache=options.use_cache,
            warnings=warnings,
        )
    except DefinitionError as error:
        raise UserError(str(error)) from None
    except KeyboardInterrupt:  # pipeline.py and moto are stopped on the way out
        summary = RunSummary(
            status=RunStatus.INTERRUPTED,
            execution_id=None,
            steps=(),
            metrics={},
            registered_model=None,
            failure="interrupted while building the pipeline definition",
        )
    else:
        summary = run_definition(definition, options)
    summary = replace(summary, warnings=(*warnings, *summary.warnings))
    # `sagebridge cost` estimates SageMaker time from the step durations measured here.
    write_atomic(state_dir(out) / LAST_RUN_FILE, to_json(summary_document(summary)))
    return summary


def summary_document(summary: RunSummary) -> dict[str, Any]:
    """The `--json` document (sagebridge.serialize.to_json adds the schema version)."""
    return {
        "status": summary.status,
        "execution_id": summary.execution_id,
        "steps": [
            {
                "name": r.name,
                "type": r.type,
                "status": r.status,
                "duration_s": r.duration_s,
                "log": r.log,
                "versions": r.versions,
            }
            for r in summary.steps
        ],
        "metrics": summary.metrics,
        "registered_model": summary.registered_model,
        "failure": summary.failure,
        "failure_detail": summary.failure_detail,  # the failed step's failure file (traceback)
        "warnings": list(summary.warnings),
    }
