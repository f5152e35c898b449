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
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.local.registry import registry_for
from sagebridge.local.run.cache import StepCache
from sagebridge.local.run.executors import check_approval_statuses, check_supported, run_step
from sagebridge.local.run.graph import (
    data_parameters,
    dependencies,
    execution_order,
    flatten,
    resolve_parameters,
)
from sagebridge.local.run.image_versions import step_versions, version_warnings
from sagebridge.local.run.records import (
    RunStatus,
    RunSummary,
    StepRecord,
    StepStatus,
    summary_document,
)
from sagebridge.local.run.resolve import ResolveError, Resolver
from sagebridge.local.run.step_progress import epochs_total, report_line
from sagebridge.local.run.steps import StepContext, StepFailed
from sagebridge.local.run.store import STORE_DIR, ObjectStore, StoreError, stage_user_data
from sagebridge.progress import Progress
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics
from sagebridge.serialize import to_json
from sagebridge.state import LAST_RUN_FILE, state_dir, write_atomic

RUNS_DIR = "runs"
CACHE_DIR = "cache"
DEFINITIONS_DIR = "definitions"
LOCAL_DATA_BUCKET = "sagebridge-local-data"


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
            outcome, record.status = run_step(step, context, cache, options.use_cache)
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
