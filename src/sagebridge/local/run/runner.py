"""Execute a pipeline definition JSON on this machine, step by step in dependency order.

    definition = build_definition(out, store)          # from OUT/pipeline/pipeline.py
    summary = run_definition(definition, RunOptions(out=out, parameters={"epochs": "1"}))

Every step type is checked before anything runs (an unsupported one fails the run up front);
Processing/Training/Tuning steps run their scripts as subprocesses of this Python in sandboxes
laid out like /opt/ml; a condition chooses which of its branch steps run; a failing step stops
the run. Each step's output goes to `<state>/runs/<execution>/<step>.log` and to `emit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.local.registry import registry_for
from sagebridge.local.run.cuda_check import require_cuda
from sagebridge.local.run.execution import Execution, RunOptions
from sagebridge.local.run.executors import check_approval_statuses, check_supported
from sagebridge.local.run.graph import data_parameters, execution_order, resolve_parameters
from sagebridge.local.run.records import RunStatus, RunSummary, summary_document
from sagebridge.local.run.store import STORE_DIR, ObjectStore, stage_user_data
from sagebridge.project.layout import PIPELINE_FILE
from sagebridge.project.pipeline_definition import (
    DefinitionFormatError,
    PipelineDefinition,
    RegisterModelStep,
    parse_definition,
)
from sagebridge.serialize import to_json
from sagebridge.state import LAST_RUN_FILE, state_dir, write_atomic

DEFINITIONS_DIR = "definitions"
LOCAL_DATA_BUCKET = "sagebridge-local-data"


def local_store(out: Path) -> ObjectStore:
    return ObjectStore(state_dir(out) / STORE_DIR)


# ---- the run ---------------------------------------------------------------------------------


def run_definition(
    definition: PipelineDefinition | Mapping[str, Any], options: RunOptions
) -> RunSummary:
    """Run a definition (its records, or the document pipeline.py printed, read here once)."""
    if not isinstance(definition, PipelineDefinition):
        try:
            definition = parse_definition(definition)
        except DefinitionFormatError as error:
            raise UserError(f"{options.out / PIPELINE_FILE}: {error}") from None
    store = local_store(options.out)
    check_supported(definition.all_steps)
    order = tuple(execution_order(definition))
    parameters = _parameters(definition, options, store)
    check_approval_statuses(definition.all_steps, parameters)
    if any(isinstance(step, RegisterModelStep) for step in definition.all_steps):
        registry_for(options.out).check()  # a damaged registry.db: say so before training
    execution = Execution.start(store, definition, order, parameters, options)
    for name in order:
        execution.run(name)
    return execution.summary()


def _parameters(
    definition: PipelineDefinition, options: RunOptions, store: ObjectStore
) -> dict[str, Any]:
    """The run's parameter values: the definition's defaults, -p overrides, and --data inputs
    (and input parameters given as paths) staged in the local store as s3:// URIs."""
    overrides = dict(options.parameters)
    inputs = data_parameters(definition)
    for channel, source in options.data.items():
        if channel not in inputs:
            raise UserError(
                f"--data {channel}=...: no step input reads a parameter under that name "
                f"(inputs fed by parameters: {', '.join(sorted(inputs)) or 'none'})"
            )
        uri = f"s3://{LOCAL_DATA_BUCKET}/{channel}"
        stage_user_data(store, source, uri)
        overrides[inputs[channel]] = uri
    parameters = resolve_parameters(definition.parameters, overrides)
    for name, value in parameters.items():  # input URIs given as paths: map them to the store
        if isinstance(value, str) and name in inputs.values() and not value.startswith("s3://"):
            uri = f"s3://{LOCAL_DATA_BUCKET}/{name}"
            stage_user_data(store, value, uri)
            parameters[name] = uri
    return parameters


def run_project(out: Path, options: RunOptions, tuning: bool = False) -> RunSummary:
    """Build OUT's pipeline definition offline, then run it (what `sagebridge run --local` does)."""
    from sagebridge.local.definition import DefinitionError, cached_definition

    if not Path(out).is_dir():
        raise UserError(f"{out}: not a folder; pass the OUT folder `sagebridge migrate` wrote")
    # Steps run with their sandbox as the working directory: every path must be absolute.
    out = Path(out).resolve()
    require_cuda(out)
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
