"""Metric definitions for the `name=value;` lines the migrated script logs, the objective, and
how the quality gate reads it.

Which metrics are defined: the held-out ones (test/validation, or unlabelled and not a loss);
when the script reports none, its training metrics; plus whatever `--metric` names.

The objective (what tuning optimises and the gate compares) is, unless `--metric NAME[:min|max]`
names it: a held-out metric before a training one; within those, the primary score before the
loss that is optimised (OBJECTIVE_ORDER: accuracy, auc, f1... then a regression's rmse, mae,
mse before its r2, then perplexity, error... then loss); test before validation before
unlabelled; then the order the script reports them in.
The direction is the metric's own (loss, error, rmse, mae, perplexity: lower is better).

The gate (GateSource): the Evaluate step's report when evaluate.py recomputes the objective from
the saved model and the test set; otherwise the training job's own last logged value
(FinalMetricDataList, read with the same regexes); with no metric at all, no gate: the model is
registered for manual approval.
"""

from __future__ import annotations

import re

from sagebridge.errors import UserError
from sagebridge.model import (
    DatasetPlan,
    GateSource,
    Metric,
    MetricPhase,
    MetricPlan,
    ModelPlan,
)

# `loss=` must not match inside `test_loss=` (a lookbehind, which CloudWatch's regexes accept).
NOT_PART_OF_A_NAME = r"(?<![A-Za-z0-9_.-])"
NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"
ACCURACY_LIKE = ("accuracy", "acc")
HIGHER_IS_BETTER = (
    *("accuracy", "acc", "auc", "f1", "precision", "recall", "r2", "map", "iou", "bleu"),
    *("psnr", "ssim"),
)
LOWER_IS_BETTER = ("loss", "error", "err", "mse", "rmse", "mae", "logloss", "perplexity", "nll")
# Objective preference among kinds: scores first, then errors, then the loss training minimises.
OBJECTIVE_ORDER = (
    "accuracy",
    "auc",
    "f1",
    "map",
    "bleu",
    "iou",
    "psnr",
    "ssim",
    "precision",
    "recall",
    "rmse",
    "mae",
    "mse",
    "r2",
    "perplexity",
    "error",
    "logloss",
    "nll",
    "loss",
)
PHASE_ORDER = (MetricPhase.TEST, MetricPhase.VALIDATION, MetricPhase.UNLABELLED, MetricPhase.TRAIN)
DIRECTIONS = {"max": True, "min": False}


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


def _direction(metric: Metric) -> bool:
    return metric.greater_is_better if metric.kind else greater_is_better(metric.name)


def _plan(metric: Metric) -> MetricPlan:
    name = metric_name(metric.name)
    return MetricPlan(
        name=name,
        regex=regex(name),
        expression=metric.expression,
        file=metric.file,
        line=metric.line,
        greater_is_better=_direction(metric),
        held_out=metric.held_out,
        reported_by=metric.reported_by,
        also_at=metric.also_at,
    )


def plan_metrics(found: tuple[Metric, ...]) -> tuple[MetricPlan, ...]:
    """The held-out metrics, or the training ones when the script reports no held-out one."""
    held_out = tuple(m for m in found if m.held_out)
    return tuple(_plan(m) for m in (held_out or found))


def objective(metrics: tuple[MetricPlan, ...]) -> str | None:
    def rank(item: tuple[int, MetricPlan]) -> tuple[int, int, int, int]:
        order, metric = item
        words = _words(metric.name)
        kinds = [i for i, kind in enumerate(OBJECTIVE_ORDER) if kind in words]
        kind = 0 if words & set(ACCURACY_LIKE) else min(kinds, default=len(OBJECTIVE_ORDER))
        phase = next(
            (i for i, p in enumerate(PHASE_ORDER) if p in words),
            PHASE_ORDER.index(MetricPhase.UNLABELLED),
        )
        return (0 if metric.held_out else 1, kind, phase, order)

    if not metrics:
        return None
    return min(enumerate(metrics), key=rank)[1].name


def parse_request(text: str) -> tuple[str, bool | None]:
    """`--metric rmse:min` -> ("rmse", False); `--metric test_f1` -> ("test_f1", None)."""
    name, _, direction = text.strip().partition(":")
    if not name or (direction and direction not in DIRECTIONS):
        raise UserError(f"--metric {text}: expected NAME, NAME:min or NAME:max")
    return name, DIRECTIONS[direction] if direction else None


def _requested(found: tuple[Metric, ...], name: str, where: str) -> Metric:
    exact = [m for m in found if name in (m.name, metric_name(m.name))]
    by_kind = [m for m in found if m.kind == name]
    by_kind_held_out = [m for m in by_kind if m.held_out]
    for candidates in (exact, by_kind, by_kind_held_out):
        if len(candidates) == 1:
            return candidates[0]
    names = ", ".join(metric_name(m.name) for m in found) or "none"
    which = "several metrics match" if by_kind else "it reports no metric"
    raise UserError(f"--metric {name}: {where}: {which} named {name!r}; found: {names}")


def choose_objective(
    found: tuple[Metric, ...], request: str | None, where: str
) -> tuple[tuple[MetricPlan, ...], str | None, bool]:
    """(metric definitions, objective name or None, objective greater-is-better)."""
    metrics = plan_metrics(found)
    if request is None:
        chosen = objective(metrics)
        direction = next((m.greater_is_better for m in metrics if m.name == chosen), True)
        return metrics, chosen, direction
    name, direction_override = parse_request(request)
    metric = _requested(found, name, where)
    planned = _plan(metric)
    if direction_override is not None:
        planned = MetricPlan(**{**vars(planned), "greater_is_better": direction_override})
    others = tuple(m for m in metrics if m.name != planned.name)
    return (planned, *others), planned.name, planned.greater_is_better


def plan_gate(
    objective_name: str | None,
    greater: bool,
    metrics: tuple[MetricPlan, ...],
    model: ModelPlan | None,
    dataset: DatasetPlan | None,
    entry_point: str,
) -> tuple[GateSource, str]:
    """How the gate reads the objective, and the plain note that says so ("" for Evaluate)."""
    if objective_name is None:
        return GateSource.NONE, (
            f"{entry_point} reports no metric sagebridge can read, so the pipeline has no "
            "quality gate: every trained model is registered as PendingManualApproval for a "
            "person to review. To gate it, print a score (e.g. print(f\"test accuracy: {acc}\")) "
            "and migrate again, or name one with --metric NAME[:min|max]."
        )
    measured = {m.name: m for m in (model.measured_metrics if model else ())}
    metric = next(m for m in metrics if m.name == objective_name)
    if (
        model is not None
        and dataset is not None
        and objective_name in measured
        and measured[objective_name].greater_is_better == greater
    ):
        return GateSource.EVALUATION, ""
    why = (
        "it is measured on the training data"
        if not metric.held_out
        else "evaluate.py can't recompute it from the saved model"
    )
    compare = ">=" if greater else "<="
    return GateSource.TRAINING_METRIC, (
        f"the quality gate compares {objective_name} (the last value the training job logs, "
        f"its FinalMetricDataList) {compare} QualityThreshold, with no Evaluate step: {why}."
    )
