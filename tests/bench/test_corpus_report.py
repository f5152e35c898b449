"""The corpus bench reads the original's value of the metric the plan chose (metadata.json's
objective_metric), however the original lays it out (issue 11, real scripts round 2: "The RMSE of
prediction is: X", "(MSE) on test set: X" were missed and the gate got a threshold of 0; XGBoost's
log was read at train-error rather than eval-error)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.paths import REPO, load_module

_report = load_module(REPO / "bench" / "corpus_report.py")
Row, parse_planned, read_planned_metric = (
    _report.Row, _report.parse_planned, _report.read_planned_metric
)

XGBOOST_LOG = """[0]\ttrain-error:0.20000\teval-error:0.31000
[1]\ttrain-error:0.10000\teval-error:0.25000
"""


def test_a_value_apart_from_its_name_is_read():
    assert parse_planned("The RMSE of prediction is: 0.4512\n", "rmse") == 0.4512
    assert parse_planned("Mean squared error (MSE) on test set: 3.25\n", "test_mse") == 3.25


def test_the_evaluation_sets_value_is_read_not_the_training_sets():
    assert parse_planned(XGBOOST_LOG, "validation_error") == 0.25
    assert parse_planned(XGBOOST_LOG, "train_error") == 0.1


def test_library_logs_of_numbered_evaluation_sets():
    lightgbm = "[9]\tvalid_0's l2: 0.52\n[10]\tvalid_0's l2: 0.5\n"
    assert parse_planned(lightgbm, "validation_0_l2") == 0.5
    sklearn_api = "[9]\tvalidation_0-rmse:0.34\tvalidation_1-rmse:0.41\n"
    assert parse_planned(sklearn_api, "validation_1_rmse") == 0.41
    assert parse_planned(sklearn_api, "validation_0_rmse") == 0.34


def test_a_phase_the_output_never_names_reads_nothing():
    assert parse_planned("train mse 0.1\n", "test_mse") is None


def test_the_plans_metric_and_direction_come_from_metadata(tmp_path: Path):
    metadata = {
        "objective_metric": "test_mse",
        "metrics": {"test_mse": {"greater_is_better": False, "regex": "x"}},
    }
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))
    row = Row(name="p", expected="end-to-end", metric="mse")
    greater = read_planned_metric(tmp_path, "epoch 1 (MSE) on test set: 2.5\n", row)
    assert (row.metric, row.original, greater) == ("test_mse", 2.5, False)
    assert "the plan's metric is test_mse (manifest: mse)" in row.notes


def test_a_value_printed_under_the_manifests_label_only_is_read(tmp_path: Path):
    """Accelerate's loop prints `epoch 0: {'accuracy': 1.0}`: no phase is named, so the plan's
    `validation_accuracy` is not found; the manifest's own `accuracy` is (else no threshold)."""
    metadata = {
        "objective_metric": "validation_accuracy",
        "metrics": {"validation_accuracy": {"greater_is_better": True, "regex": "x"}},
    }
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))
    row = Row(name="p", expected="end-to-end", metric="accuracy")
    printed = "epoch 0: {'accuracy': 0.5}\nepoch 1: {'accuracy': 0.75}\n"
    assert read_planned_metric(tmp_path, printed, row) is True
    assert (row.metric, row.original) == ("validation_accuracy", 0.75)
    assert "original read as its printed `accuracy`" in row.notes
