"""Metric definitions for the `name=value;` lines the migrated script logs, and the objective.

The objective is what tuning optimises and the quality gate reads: an accuracy-like metric
(maximised) first, then another higher-is-better one, then a loss (minimised). Test metrics
are preferred to validation ones within each kind, then the order the script reports them in.
"""

from __future__ import annotations

import re

from sagebridge.model import Metric, MetricPlan

# `loss=` must not match inside `test_loss=` (a lookbehind, which CloudWatch's regexes accept).
NOT_PART_OF_A_NAME = r"(?<![A-Za-z0-9_.-])"
NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"
ACCURACY_LIKE = ("accuracy", "acc")
HIGHER_IS_BETTER = ("accuracy", "acc", "auc", "f1", "precision", "recall", "r2", "map", "iou")
LOWER_IS_BETTER = ("loss", "error", "err", "mse", "rmse", "mae", "logloss", "perplexity")


def metric_name(name: str) -> str:
    """A name safe inside the log line and a CloudWatch metric name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "metric"


def regex(name: str) -> str:
    """CloudWatch metric-definition regex reading the value of `name=value;`."""
    return rf"{NOT_PART_OF_A_NAME}{re.escape(name)}={NUMBER};"


def _words(name: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", name.lower()))


def greater_is_better(name: str) -> bool:
    words = _words(name)
    return not (words & set(LOWER_IS_BETTER)) or bool(words & set(HIGHER_IS_BETTER))


def plan_metrics(found: tuple[Metric, ...]) -> tuple[MetricPlan, ...]:
    plans = []
    for metric in (m for m in found if m.held_out):
        name = metric_name(metric.name)
        plans.append(
            MetricPlan(
                name=name,
                regex=regex(name),
                expression=metric.expression,
                file=metric.file,
                line=metric.line,
                greater_is_better=greater_is_better(name),
            )
        )
    return tuple(plans)


def objective(metrics: tuple[MetricPlan, ...]) -> str | None:
    def rank(item: tuple[int, MetricPlan]) -> tuple[int, int, int]:
        order, metric = item
        words = _words(metric.name)
        kind = 0 if words & set(ACCURACY_LIKE) else 1 if metric.greater_is_better else 2
        return (kind, 0 if "test" in words else 1, order)

    if not metrics:
        return None
    return min(enumerate(metrics), key=rank)[1].name
