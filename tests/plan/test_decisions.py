"""The plan's decisions for the three examples, and the rules behind them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES

from sagebridge import contract
from sagebridge.analyze import analyze_project
from sagebridge.model import (
    Framework,
    HardCodedPath,
    Hazard,
    Metric,
    MigrationPlan,
    PathRole,
    TuningRange,
)
from sagebridge.plan import build_plan
from sagebridge.plan.channels import plan_channels
from sagebridge.plan.metrics import objective, plan_metrics


@pytest.fixture(scope="module")
def plans() -> dict[str, MigrationPlan]:
    return {
        name: build_plan(analyze_project(EXAMPLES / name))
        for name in ("ec2-mnist", "sklearn-digits", "xgboost-tabular")
    }


def test_mnist(plans: dict[str, MigrationPlan]) -> None:
    plan = plans["ec2-mnist"]
    assert plan.framework is Framework.PYTORCH
    flags = {hp.flag: hp for hp in plan.hyperparameters}
    assert {flag: hp.default for flag, hp in flags.items()} == {
        "--batch_size": 64, "--test_batch_size": 1000, "--epochs": 10, "--lr": 1.0,
        "--gamma": 0.7, "--seed": 1, "--log_interval": 10,
    }
    assert flags["--lr"].tuning == TuningRange("continuous", 0.1, 10.0, "Logarithmic")
    assert flags["--gamma"].tuning == TuningRange("continuous", 0.35, 1.0, "Linear")
    assert flags["--batch_size"].tuning == TuningRange("integer", 32, 128, "Linear")
    for untuned in ("--epochs", "--seed", "--log_interval", "--test_batch_size"):
        assert flags[untuned].tuning is None, untuned
    [channel] = plan.channels
    assert (channel.name, channel.env, channel.fallback) == ("training", "SM_CHANNEL_TRAINING",
                                                             "./data")
    assert plan.channel_names == ("training",)
    [model_path] = plan.paths
    assert (model_path.env, model_path.fallback, model_path.filename) == (
        contract.ENV_MODEL_DIR, "./models", "model.pth")
    [save] = plan.saves
    assert (save.model_variable, save.sample_batch) == ("model", "test_loader")
    assert plan.checkpoint is not None
    assert plan.checkpoint.state == (("model", "model"), ("optimizer", "optimizer"),
                                     ("scheduler", "scheduler"))
    assert plan.objective_metric == "test_accuracy"
    assert plan.requirements == ()  # torch and torchvision come with the PyTorch image
    assert plan.layout is not None and plan.warnings == ()


def test_sklearn_digits(plans: dict[str, MigrationPlan]) -> None:
    plan = plans["sklearn-digits"]
    flags = {hp.flag: hp for hp in plan.hyperparameters}
    assert "--n-estimators" in flags and "--balanced" in flags  # argparse spelling kept
    assert flags["--n-estimators"].tuning == TuningRange("integer", 100, 400, "Linear")
    for untuned in ("--test-size", "--random-state", "--n-jobs", "--balanced", "--bootstrap"):
        assert flags[untuned].tuning is None, untuned
    assert plan.channels == ()
    assert {(p.role, p.env) for p in plan.paths} == {
        (PathRole.OUTPUT, contract.ENV_OUTPUT_DATA_DIR), (PathRole.MODEL, contract.ENV_MODEL_DIR)}
    assert plan.checkpoint is None
    assert plan.requirements == ("joblib", "scikit-learn")


def test_xgboost_tabular(plans: dict[str, MigrationPlan]) -> None:
    plan = plans["xgboost-tabular"]
    assert plan.framework is Framework.XGBOOST
    flags = {hp.flag: hp for hp in plan.hyperparameters}
    assert flags["--max_depth"].name == "MAX_DEPTH"
    assert flags["--eta"].tuning == TuningRange("continuous", 0.01, 1.0, "Logarithmic")
    assert flags["--num_round"].tuning is None and flags["--validation_size"].tuning is None
    assert [c.name for c in plan.channels] == ["training"]
    assert plan.objective_metric == "validation_accuracy"
    assert {m.name: m.greater_is_better for m in plan.metrics} == {
        "validation_accuracy": True, "validation_auc": True, "validation_logloss": False}


def test_channels_one_per_folder() -> None:
    paths = (
        HardCodedPath("./data/train.csv", PathRole.DATA, "train.py", 3, "TRAIN_FILE"),
        HardCodedPath("./data", PathRole.DATA, "train.py", 4, "DATA_DIR"),
        HardCodedPath("/mnt/holdout/", PathRole.DATA, "train.py", 5, "TEST_DIR"),
    )
    channels = plan_channels(paths)
    assert [(c.name, c.env, c.fallback, c.filename) for c in channels] == [
        ("training", "SM_CHANNEL_TRAINING", "./data", "train.csv"),
        ("training", "SM_CHANNEL_TRAINING", "./data", None),
        ("test", "SM_CHANNEL_TEST", "/mnt/holdout/", None),
    ]


def test_metric_regex_reads_the_logged_line() -> None:
    [metric] = plan_metrics((Metric("test accuracy", "acc", "train.py", 3),))
    assert metric.name == "test_accuracy"
    for line, value in (("test_accuracy=0.828;", "0.828"), ("test_accuracy=1e-05;", "1e-05"),
                        ("test_accuracy=-3.5E+2;", "-3.5E+2")):
        found = re.search(metric.regex, f"noise {line} more")
        assert found is not None and found.group(1) == value
    [loss] = plan_metrics((Metric("loss", "loss", "train.py", 3),))
    assert re.search(loss.regex, "test_loss=0.5;") is None
    assert re.search(loss.regex, "test_loss=0.5; loss=0.25;").group(1) == "0.25"  # type: ignore[union-attr]


def test_objective_prefers_accuracy_then_higher_is_better_then_loss() -> None:
    def names(*found: str) -> str | None:
        return objective(plan_metrics(tuple(Metric(n, "x", "t.py", 1) for n in found)))

    assert names("val_loss", "val_auc", "val_accuracy") == "val_accuracy"
    assert names("val_accuracy", "test_accuracy") == "test_accuracy"
    assert names("test_loss", "test_f1") == "test_f1"
    assert names("test_loss") == "test_loss"
    assert names() is None


def test_a_save_flag_is_on_in_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        "import argparse\nimport torch\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--save-model', action='store_true', default=False)\n"
        "parser.add_argument('--dry-run', action='store_true', default=False)\n"
        "args = parser.parse_args()\n"
        "model = torch.nn.Linear(1, 1)\n"
        "if args.save_model:\n"
        "    torch.save(model.state_dict(), 'm.pt')\n"
    )
    plan = build_plan(analyze_project(tmp_path))
    defaults = {h.name: h.default for h in plan.hyperparameters}
    assert defaults == {"save_model": True, "dry_run": False}
    assert any("save_model guards the model save" in w for w in plan.warnings)


def test_none_defaults_are_passed_as_empty_and_conditional_state_is_not_checkpointed(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.py").write_text(
        "import argparse\nimport torch\n"
        "class Net(torch.nn.Module):\n    pass\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--optimizer', type=str, default=None)\n"
        "parser.add_argument('--lr', type=float, default=20)\n"
        "args = parser.parse_args()\n"
        "model = Net()\n"
        "if args.optimizer == 'adam':\n"
        "    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)\n"
        "for epoch in range(3):\n"
        "    pass\n"
    )
    plan = build_plan(analyze_project(tmp_path))
    # None can't be passed: the pipeline passes "", which the migrated option reads as None.
    assert [(h.name, h.default, h.hazard) for h in plan.hyperparameters] == [
        ("optimizer", "", Hazard.NONE_DEFAULT), ("lr", 20, None),
    ]
    assert plan.checkpoint is not None
    assert plan.checkpoint.state == (("model", "model"),)
