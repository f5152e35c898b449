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


def check_tuning(step: Mapping[str, Any]) -> None:
    arguments = step["Arguments"]
    if "TrainingJobDefinitions" in arguments:
        raise Unsupported(f"step {step['Name']}: multi-algorithm tuning can't run locally")
    config = arguments["HyperParameterTuningJobConfig"]
    if config.get("Strategy") not in ("Random", "Bayesian"):
        raise Unsupported(
            f"step {step['Name']}: strategy {config.get('Strategy')} has no local equivalent"
        )
    check_training(step, arguments["TrainingJobDefinition"])


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


def run_tuning(step: Mapping[str, Any], context: StepContext) -> StepOutcome:
    name = step["Name"]
    arguments = context.resolver.resolve(step["Arguments"])
    config = arguments["HyperParameterTuningJobConfig"]
    definition = arguments["TrainingJobDefinition"]
    objective = config["HyperParameterTuningJobObjective"]
    metric, maximize = objective["MetricName"], objective["Type"] == "Maximize"
    trials = int(config["ResourceLimits"]["MaxNumberOfTrainingJobs"])
    # Seeded by the step name: the same definition samples the same points (and caches).
    rng = random.Random(name)
    summaries: list[dict[str, Any]] = []
    for index in range(1, trials + 1):
        tuned = sample(config["ParameterRanges"], rng)
        hyperparameters = {**definition.get("StaticHyperParameters", {}), **tuned}
        job_name = f"{name}-{index:03d}-{context.execution_id}"[:63]
        context.emit(f"trial {index}/{trials}: {tuned}")
        outcome = train_job(name, job_name, definition, hyperparameters, context)
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
