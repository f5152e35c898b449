"""Which executor runs each step type, the checks made before anything runs, and one step's run
through the step cache (a cacheable step whose inputs are unchanged reuses an earlier run's
outputs)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sagebridge.errors import UserError
from sagebridge.local.registry import parse_approval
from sagebridge.local.run.cache import CACHEABLE_TYPES, StepCache, cache_key
from sagebridge.local.run.records import StepStatus
from sagebridge.local.run.steps import Executor, StepContext, StepOutcome, Unsupported
from sagebridge.local.run.steps.condition import check_condition, run_condition, run_fail
from sagebridge.local.run.steps.processing import check_processing, run_processing
from sagebridge.local.run.steps.register import check_register, run_register
from sagebridge.local.run.steps.training import check_training, run_training
from sagebridge.local.run.steps.tuning import check_tuning, run_tuning
from sagebridge.project.expressions import parameter_of
from sagebridge.project.pipeline_definition import RegisterModelStep, Step, StepType

EXECUTORS: dict[str, tuple[Callable[[Step], None], Executor]] = {
    StepType.PROCESSING: (check_processing, run_processing),
    StepType.TRAINING: (check_training, run_training),
    StepType.TUNING: (check_tuning, run_tuning),
    StepType.CONDITION: (check_condition, run_condition),
    StepType.FAIL: (lambda step: None, run_fail),
    StepType.REGISTER_MODEL: (check_register, run_register),
}


def check_supported(steps: Iterable[Step]) -> None:
    for step in steps:
        if step.type not in EXECUTORS:
            raise UserError(
                f"step {step.name}: type {step.type} can't run locally "
                f"(supported: {', '.join(EXECUTORS)})"
            )
        try:
            EXECUTORS[step.type][0](step)
        except Unsupported as error:
            raise UserError(str(error)) from None


def check_approval_statuses(steps: Iterable[Step], parameters: Mapping[str, Any]) -> None:
    """A registration's approval status known before the run (a literal or a parameter) is
    checked up front: a typo in -p ModelApprovalStatus must not cost a whole training first."""
    for step in steps:
        if not isinstance(step, RegisterModelStep):
            continue
        status = step.package.approval_status
        if (parameter := parameter_of(status)) is not None:
            status = parameters.get(parameter)
        if isinstance(status, str):
            try:
                parse_approval(status)
            except UserError as error:
                raise UserError(f"step {step.name}: {error}") from None


def run_step(
    step: Step, context: StepContext, cache: StepCache, use_cache: bool
) -> tuple[StepOutcome, StepStatus]:
    executor = EXECUTORS[step.type][1]
    if step.type not in CACHEABLE_TYPES:
        return executor(step, context), StepStatus.SUCCEEDED
    arguments = context.resolver.resolve(step.arguments)
    # Another process count is another run (the default keeps the keys earlier runs wrote).
    extra = step.name if context.processes == 1 else [step.name, context.processes]
    key = cache_key(step.type, arguments, context.store, context.execution_id, extra)
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
