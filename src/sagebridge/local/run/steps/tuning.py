"""Tuning steps: random search over the declared ranges, one local training job per trial.

Each trial's objective is read from its log with the metric definition's regex (as SageMaker
reads CloudWatch); the summaries are sorted best first, so `TrainingJobSummaries[0]` is the
best trial, as in DescribeHyperParameterTuningJob.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.training import check_training, train_job
from sagebridge.project.jobs import TrainingJob
from sagebridge.project.pipeline_definition import Step, TuningStep


def check_tuning(step: Step) -> None:
    assert isinstance(step, TuningStep)
    if step.multi_algorithm:
        raise Unsupported(f"step {step.name}: multi-algorithm tuning can't run locally")
    if step.strategy not in ("Random", "Bayesian"):
        raise Unsupported(f"step {step.name}: strategy {step.strategy} has no local equivalent")
    if step.job is None:
        raise Unsupported(f"step {step.name}: no TrainingJobDefinition to run")
    check_training(step, step.job)


def sample(ranges: Mapping[str, Any], rng: random.Random) -> dict[str, str]:
    """One random point in the declared ranges, as hyperparameter strings."""
    point: dict[str, str] = {}
    for item in ranges.get("ContinuousParameterRanges", []):
        low, high = float(item["MinValue"]), float(item["MaxValue"])
        if item.get("ScalingType") in ("Logarithmic", "ReverseLogarithmic") and low > 0:
            value = math.exp(rng.uniform(math.log(low), math.log(high)))
        else:
            value = rng.uniform(low, high)
        point[item["Name"]] = repr(value)
    for item in ranges.get("IntegerParameterRanges", []):
        low_i, high_i = int(item["MinValue"]), int(item["MaxValue"])
        if item.get("ScalingType") == "Logarithmic" and low_i > 0:
            value_i = round(math.exp(rng.uniform(math.log(low_i), math.log(high_i))))
        else:
            value_i = rng.randint(low_i, high_i)
        point[item["Name"]] = str(value_i)
    for item in ranges.get("CategoricalParameterRanges", []):
        point[item["Name"]] = str(rng.choice(item["Values"]))
    return point


def run_tuning(step: Step, context: StepContext) -> StepOutcome:
    name = step.name
    arguments = context.resolver.resolve(step.arguments)
    config = arguments["HyperParameterTuningJobConfig"]
    definition = arguments["TrainingJobDefinition"]
    job = TrainingJob.parse(definition)
    objective = config["HyperParameterTuningJobObjective"]
    metric, maximize = objective["MetricName"], objective["Type"] == "Maximize"
    trials = int(config["ResourceLimits"]["MaxNumberOfTrainingJobs"])
    # Seeded by the step name: the same definition samples the same points (and caches).
    rng = random.Random(name)
    summaries: list[dict[str, Any]] = []
    for index in range(1, trials + 1):
        tuned = sample(config["ParameterRanges"], rng)
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
        summaries.append(
            {
                "TrainingJobName": job_name,
                "TrainingJobStatus": "Completed",
                "TunedHyperParameters": tuned,
                "FinalHyperParameterTuningJobObjectiveMetric": {
                    "MetricName": metric,
                    "Value": value,
                },
            }
        )
    summaries.sort(
        key=lambda s: s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"], reverse=maximize
    )
    best = summaries[0]
    properties = {
        "HyperParameterTuningJobName": f"{name}-{context.execution_id}",
        "TrainingJobSummaries": summaries,
        "BestTrainingJob": best,
    }
    best_value = best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
    return StepOutcome(properties=properties, metrics={metric: best_value})
