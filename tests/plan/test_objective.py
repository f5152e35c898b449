"""The objective, its direction, `--metric NAME[:min|max]`, and where the gate reads it from."""

from __future__ import annotations

import pytest

from sagebridge.errors import UserError
from sagebridge.model import (
    Framework,
    GateSource,
    MeasuredMetric,
    Metric,
    MetricPhase,
    ModelPlan,
)
from sagebridge.model.datasets import CsvDataset
from sagebridge.plan.metrics import choose_objective, plan_gate

LOWER = {"loss", "rmse", "mae", "perplexity", "mse", "error", "nll", "logloss"}


def fact(name: str, kind: str, phase: str, line: int = 1) -> Metric:
    held_out = phase not in ("train",) and not (phase == "unlabelled" and kind == "loss")
    return Metric(
        name, name, "train.py", line, kind, MetricPhase(phase), held_out, kind not in LOWER
    )


def choose(*found: Metric, request: str | None = None) -> tuple[list[str], str | None, bool]:
    metrics, objective, greater = choose_objective(found, request, "train.py")
    return [m.name for m in metrics], objective, greater


def test_held_out_primary_score_before_its_loss() -> None:
    found = (
        fact("train_loss", "loss", "train"),
        fact("test_loss", "loss", "test", 2),
        fact("test_accuracy", "accuracy", "test", 2),
    )
    assert choose(*found) == (["test_loss", "test_accuracy"], "test_accuracy", True)


def test_error_metric_before_loss_and_its_direction_is_min() -> None:
    found = (
        fact("validation_loss", "loss", "validation"),
        fact("validation_rmse", "rmse", "validation"),
    )
    assert choose(*found)[1:] == ("validation_rmse", False)


def test_test_before_validation_and_perplexity_is_minimised() -> None:
    found = (
        fact("validation_perplexity", "perplexity", "validation"),
        fact("test_perplexity", "perplexity", "test", 9),
    )
    assert choose(*found)[1:] == ("test_perplexity", False)


def test_unlabelled_scores_are_held_out() -> None:
    found = (fact("rmse", "rmse", "unlabelled"), fact("r2", "r2", "unlabelled"))
    assert choose(*found) == (["rmse", "r2"], "rmse", False)  # a regression's error first


def test_training_metric_only_when_nothing_is_held_out() -> None:
    assert choose(fact("loss", "loss", "unlabelled")) == (["loss"], "loss", False)
    found = (fact("train_loss", "loss", "train"), fact("validation_loss", "loss", "validation"))
    assert choose(*found) == (["validation_loss"], "validation_loss", False)


def test_no_metric_no_objective() -> None:
    assert choose() == ([], None, True)


def test_request_by_name_kind_and_direction() -> None:
    found = (
        fact("train_loss", "loss", "train"),
        fact("validation_loss", "loss", "validation"),
        fact("validation_auc", "auc", "validation"),
    )
    assert choose(*found, request="validation_loss")[1:] == ("validation_loss", False)
    # a training metric named on purpose is defined too, so its line is read
    names, objective, greater = choose(*found, request="train_loss")
    assert (objective, greater) == ("train_loss", False) and "train_loss" in names
    # by kind: two losses, one held out -> the held-out one
    assert choose(*found, request="loss")[1:] == ("validation_loss", False)
    assert choose(*found, request="auc:min")[1:] == ("validation_auc", False)


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("f1", "--metric f1: train.py: it reports no metric named 'f1'; found: validation_auc"),
        ("auc:up", "--metric auc:up: expected NAME, NAME:min or NAME:max"),
    ],
)
def test_bad_request_is_one_line(request_text: str, message: str) -> None:
    with pytest.raises(UserError) as error:
        choose(fact("validation_auc", "auc", "validation"), request=request_text)
    assert str(error.value) == message


def _model(*measured: MeasuredMetric) -> ModelPlan:
    return ModelPlan("Net", "", "", Framework.SKLEARN, ("model.joblib",), measured_metrics=measured)


def test_gate_source() -> None:
    found = (fact("test_accuracy", "accuracy", "test"), fact("test_rmse", "rmse", "test"))
    metrics, _, _ = choose_objective(found, None, "train.py")
    dataset = CsvDataset("d.csv", "pd.read_csv('d.csv')")
    model = _model(MeasuredMetric("test_accuracy", "accuracy"))
    gate = plan_gate("test_accuracy", True, metrics, model, dataset, "train.py")
    assert gate == (GateSource.EVALUATION, "")
    # evaluate.py can't recompute an rmse: the training job's own last value is gated on
    source, note = plan_gate("test_rmse", False, metrics, model, dataset, "train.py")
    assert source is GateSource.TRAINING_METRIC
    assert "test_rmse" in note and "<= QualityThreshold" in note
    # no model evaluate.py can load: the same
    assert plan_gate("test_accuracy", True, metrics, None, dataset, "train.py")[0] is (
        GateSource.TRAINING_METRIC
    )
    source, note = plan_gate(None, True, (), None, None, "gan.py")
    assert source is GateSource.NONE and "PendingManualApproval" in note
