"""Tuning steps: random search over the declared ranges, one local training job per trial.

Each trial's objective is read from its log with the metric definition's regex (as SageMaker
reads CloudWatch); the summaries are sorted best first, so `TrainingJobSummaries[0]` is the
best trial, as in DescribeHyperParameterTuningJob.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.training import check_training, train_job
from sagebridge.project.jobs import ParameterRange, TrainingJob, TuningConfig
from sagebridge.project.pipeline_definition import Step, TuningStep


def check_tuning(step: Step) -> None:
    assert isinstance(step, TuningStep)
    if step.multi_algorithm:
        raise Unsupported(f"step {step.name}: multi-algorithm tuning can't run locally")
    strategy = step.config.strategy
    if strategy not in ("Random", "Bayesian"):
        raise Unsupported(f"step {step.name}: strategy {strategy} has no local equivalent")
    if step.job is None:
        raise Unsupported(f"step {step.name}: no TrainingJobDefinition to run")
    check_training(step, step.job)


def sample(ranges: Iterable[ParameterRange], rng: random.Random) -> dict[str, str]:
    """One random point in the declared ranges, as hyperparameter strings (continuous ranges
    drawn first, then integer, then categorical: the order the seeded trials replay)."""
    point: dict[str, str] = {}
    for item in ranges:
        if item.kind == "Continuous":
            low, high = float(item.low), float(item.high)
            if item.scaling in ("Logarithmic", "ReverseLogarithmic") and low > 0:
                value = math.exp(rng.uniform(math.log(low), math.log(high)))
            else:
                value = rng.uniform(low, high)
            point[item.name] = repr(value)
        elif item.kind == "Integer":
            low_i, high_i = int(item.low), int(item.high)
            if item.scaling == "Logarithmic" and low_i > 0:
                value_i = round(math.exp(rng.uniform(math.log(low_i), math.log(high_i))))
            else:
                value_i = rng.randint(low_i, high_i)
            point[item.name] = str(value_i)
        else:
            point[item.name] = str(rng.choice(item.values))
    return point


def run_tuning(step: Step, context: StepContext) -> StepOutcome:
    name = step.name
    arguments = context.resolver.resolve(step.arguments)
    config = TuningConfig.parse(arguments["HyperParameterTuningJobConfig"])
    definition = arguments["TrainingJobDefinition"]
    job = TrainingJob.parse(definition)
    metric, maximize = config.objective_metric, config.maximize
    trials = int(config.max_jobs)
    # Seeded by the step name: the same definition samples the same points (and caches).
    rng = random.Random(name)
    trials_run: list[tuple[float, dict[str, Any]]] = []  # (objective, the trial's summary)
    for index in range(1, trials + 1):
        tuned = sample(config.ranges, rng)
        hyperparameters = {**job.hyperparameters, **tuned}
        job_name = f"{name}-{index:03d}-{context.execution_id}"[:63]
        context.emit(f"trial {index}/{trials}: {tuned}")
        outcome = train_job(name, job_name, job, definition, hyperparameters, context)
        if metric not in outcome.metrics:
            raise StepFailed(
                f"{name}: trial {index} printed no {metric} line matching its metric definition"
            )
        value = outcome.metrics[metric]
        context.emit(f"trial {index}/{trials}: {metric} = {value}")
        summary = {
            "TrainingJobName": job_name,
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": tuned,
            "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": metric, "Value": value},
        }
        trials_run.append((value, summary))
    trials_run.sort(key=lambda trial: trial[0], reverse=maximize)
    summaries = [summary for _, summary in trials_run]
    best_value, best = trials_run[0]
    properties = {
        "HyperParameterTuningJobName": f"{name}-{context.execution_id}",
        "TrainingJobSummaries": summaries,
        "BestTrainingJob": best,
    }
    return StepOutcome(properties=properties, metrics={metric: best_value})
