"""`sagebridge cost OUT`: what one pipeline run and a month of the endpoint would cost.

Instance types and counts come from the pipeline definition (parameter defaults, or -p
overrides); durations from the latest local run's measured step durations when one exists under
OUT/.sagebridge, else from a stated default. Prices come from `prices.json`, a dated table:
the output always says its date and region.

    Train   Training  ml.m5.xlarge x1  4.2 min (local run)  $0.0161 on-demand, spot >= $0.0016
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sagebridge.aws.project import Project
from sagebridge.errors import UserError
from sagebridge.project.expressions import parameter_of
from sagebridge.project.jobs import Cluster
from sagebridge.project.pipeline_definition import (
    PipelineDefinition,
    ProcessingStep,
    Step,
    StepType,
    TrainingStep,
    TuningStep,
)
from sagebridge.state import LAST_RUN_FILE

# When no local run has been measured, every compute step is assumed to take this long.
DEFAULT_STEP_MINUTES = 10.0


@dataclass(frozen=True)
class PriceTable:
    as_of: str
    region: str
    currency: str
    source: str
    spot_note: str
    spot_max_saving: float
    hours_per_month: float
    training: dict[str, float]
    processing: dict[str, float]
    hosting: dict[str, float]


def load_prices() -> PriceTable:
    text = resources.files("sagebridge.aws").joinpath("prices.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    return PriceTable(
        as_of=raw["as_of"],
        region=raw["region"],
        currency=raw["currency"],
        source=raw["source"],
        spot_note=raw["spot_note"],
        spot_max_saving=float(raw["spot_max_saving"]),
        hours_per_month=float(raw["hours_per_month"]),
        training=dict(raw["training"]),
        processing=dict(raw["processing"]),
        hosting=dict(raw["hosting"]),
    )


@dataclass(frozen=True)
class StepCost:
    step: str
    kind: str  # "Processing" | "Training" | "Tuning"
    instance_type: str
    instance_count: int
    jobs: int  # tuning runs several training jobs
    minutes: float
    duration_source: str  # "local run <file>" | "default"
    hourly: float | None  # None: not in the price table
    on_demand: float | None
    spot_floor: float | None  # lowest spot cost at AWS's advertised maximum saving; None: no spot


@dataclass(frozen=True)
class CostEstimate:
    prices_as_of: str
    prices_region: str
    currency: str
    source: str
    spot_note: str
    steps: tuple[StepCost, ...]
    run_on_demand: float
    run_spot_floor: float
    unpriced: tuple[str, ...]
    endpoint_instance_type: str
    endpoint_instance_count: int
    endpoint_hourly: float | None
    endpoint_monthly: float | None
    hours_per_month: float
    notes: tuple[str, ...]


def estimate(
    project: Project,
    definition: PipelineDefinition,
    *,
    overrides: dict[str, str],
    endpoint_instance_type: str,
    endpoint_instance_count: int,
    durations: Path | None = None,
    prices: PriceTable | None = None,
) -> CostEstimate:
    table = prices or load_prices()
    parameters: dict[str, Any] = {p.name: p.default for p in definition.parameters.values()}
    parameters.update(overrides)
    summary: str | None
    if durations is not None:
        measured, summary = _durations(durations), durations.as_posix()
        if not measured:
            raise UserError(
                f"{durations}: no steps with duration_s (a `run --local --json` document)"
            )
    else:
        measured, summary = _measured_minutes(project)
    notes = []
    if summary:
        notes.append(
            f"durations measured by the local run {summary} on this machine; SageMaker also "
            "bills container start-up and data download, which a local run does not measure"
        )
    else:
        notes.append(
            f"no local run summary under {project.local_state}: every step is assumed to take "
            f"{DEFAULT_STEP_MINUTES:g} minutes (`sagebridge run {project.root} --local` measures "
            f"them into {project.local_state}/{LAST_RUN_FILE}; or pass --durations FILE)"
        )
    steps = []
    unpriced = []
    for step in definition.steps:
        cost = _step_cost(step, parameters, measured, summary, table)
        if cost is None:
            continue
        steps.append(cost)
        if cost.hourly is None:
            unpriced.append(f"{cost.step}: {cost.instance_type} ({cost.kind.lower()})")
    hosting = table.hosting.get(endpoint_instance_type)
    monthly = None if hosting is None else hosting * endpoint_instance_count * table.hours_per_month
    if hosting is None:
        unpriced.append(f"endpoint: {endpoint_instance_type} (hosting)")
    return CostEstimate(
        prices_as_of=table.as_of,
        prices_region=table.region,
        currency=table.currency,
        source=table.source,
        spot_note=table.spot_note,
        steps=tuple(steps),
        run_on_demand=round(sum(s.on_demand or 0.0 for s in steps), 4),
        run_spot_floor=round(
            sum((s.spot_floor if s.spot_floor is not None else s.on_demand or 0.0) for s in steps),
            4,
        ),
        unpriced=tuple(unpriced),
        endpoint_instance_type=endpoint_instance_type,
        endpoint_instance_count=endpoint_instance_count,
        endpoint_hourly=hosting,
        endpoint_monthly=None if monthly is None else round(monthly, 2),
        hours_per_month=table.hours_per_month,
        notes=tuple(notes),
    )


def _resolve(value: Any, parameters: dict[str, Any]) -> Any:
    """A literal, or `{"Get": "Parameters.X"}` resolved to the parameter's value."""
    parameter = parameter_of(value)
    return value if parameter is None else parameters.get(parameter)


def _step_cost(
    step: Step,
    parameters: dict[str, Any],
    measured: dict[str, float],
    summary: str | None,
    table: PriceTable,
) -> StepCost | None:
    jobs = 1
    if isinstance(step, ProcessingStep):
        cluster, prices = step.job.cluster, table.processing
    elif isinstance(step, TrainingStep):
        cluster, prices = step.job.cluster, table.training
    elif isinstance(step, TuningStep):
        cluster = Cluster(None) if step.job is None else step.job.cluster
        jobs = int(_resolve(step.config.max_jobs, parameters) or 1)
        prices = table.training
    else:
        return None  # Condition, Fail, RegisterModel...: no instances of their own
    instance_type = str(_resolve(cluster.instance_type, parameters))
    count = int(_resolve(cluster.instance_count, parameters) or 1)
    name, kind = step.name, step.type
    if name in measured:
        minutes, source = measured[name], f"local run {summary}"
    else:
        minutes, source = DEFAULT_STEP_MINUTES, "default"
    hourly = prices.get(instance_type)
    on_demand = None if hourly is None else round(hourly * count * jobs * minutes / 60.0, 4)
    spot = None
    if on_demand is not None and kind in {StepType.TRAINING, StepType.TUNING}:
        spot = round(on_demand * (1.0 - table.spot_max_saving), 4)
    return StepCost(
        name, kind, instance_type, count, jobs, minutes, source, hourly, on_demand, spot
    )


def _measured_minutes(project: Project) -> tuple[dict[str, float], str | None]:
    """Step durations from the summary the latest `sagebridge run OUT --local` wrote:
    `{"steps": [{"name", "duration_s", ...}], ...}` in the state folder's last-run.json."""
    path = project.local_state / LAST_RUN_FILE
    durations = _durations(path) if path.is_file() else {}
    if not durations:
        return {}, None
    inside = path.is_relative_to(project.root)  # $SAGEBRIDGE_HOME may put it elsewhere
    return durations, (path.relative_to(project.root) if inside else path).as_posix()


def _durations(path: Path) -> dict[str, float]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    steps = document.get("steps") if isinstance(document, dict) else None
    if not isinstance(steps, list):
        return {}
    found = {}
    for step in steps:
        if isinstance(step, dict) and isinstance(step.get("duration_s"), (int, float)):
            found[str(step.get("name"))] = float(step["duration_s"]) / 60.0
    return found
