"""The gate on a training job's own metric: FinalMetricDataList read from its log, as SageMaker
reads the metric definitions' regexes (the last value), then compared in the right direction."""

from __future__ import annotations

import pytest

from sagebridge.local.run.resolve import ResolveError, Resolver
from sagebridge.local.run.steps.condition import evaluate
from sagebridge.local.run.steps.training import MetricWatcher
from sagebridge.plan.metrics import regex
from sagebridge.project.conditions import parse_condition
from sagebridge.project.jobs import MetricDefinition

LOG = """epoch 1
train_loss=0.9;
validation_rmse=0.5; train_loss=0.4;
noise test_train_loss=0.01;
"""


def resolver_after_training() -> Resolver:
    definitions = [MetricDefinition(n, regex(n)) for n in ("train_loss", "validation_rmse")]
    watcher = MetricWatcher(definitions)
    for line in LOG.splitlines():
        watcher.feed(line)
    metrics = watcher.metrics
    resolver = Resolver({"QualityThreshold": 0.5}, {}, lambda step, name: {})
    resolver.set_step_properties(
        "Train",
        {"FinalMetricDataList": [{"MetricName": k, "Value": v} for k, v in metrics.items()]},
    )
    return resolver


def test_final_metric_is_the_last_logged_value() -> None:
    resolver = resolver_after_training()
    value = resolver.resolve({"Get": "Steps.Train.FinalMetricDataList['train_loss'].Value"})
    assert value == 0.4  # not 0.9 (earlier) nor 0.01 (`test_train_loss`, another name)


@pytest.mark.parametrize(
    ("kind", "threshold", "passes"),
    [
        ("LessThanOrEqualTo", 0.5, True),
        ("LessThanOrEqualTo", 0.3, False),
        ("GreaterThanOrEqualTo", 0.5, False),
    ],
)
def test_gate_compares_in_the_metric_direction(kind: str, threshold: float, passes: bool) -> None:
    resolver = resolver_after_training()
    resolver.parameters["QualityThreshold"] = threshold
    condition = {
        "Type": kind,
        "LeftValue": {"Get": "Steps.Train.FinalMetricDataList['train_loss'].Value"},
        "RightValue": {"Get": "Parameters.QualityThreshold"},
    }
    assert evaluate(parse_condition(condition), resolver) is passes


def test_a_metric_the_job_never_logged_names_what_it_did_log() -> None:
    resolver = resolver_after_training()
    with pytest.raises(ResolveError, match=r"'test_f1' \(have: train_loss, validation_rmse\)"):
        resolver.resolve({"Get": "Steps.Train.FinalMetricDataList['test_f1'].Value"})
