"""The three example projects end to end: the facts every later stage relies on."""

from __future__ import annotations

import time

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.model import (
    Analysis,
    Complexity,
    DependencyStatus,
    Framework,
    Hazard,
    HyperparameterOrigin,
    PathRole,
    RiskLevel,
    SaveFormat,
    Strategy,
)

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def mnist() -> Analysis:
    return analyze_project(EXAMPLES / "ec2-mnist", None)


@pytest.fixture(scope="module")
def digits() -> Analysis:
    return analyze_project(EXAMPLES / "sklearn-digits", None)


@pytest.fixture(scope="module")
def churn() -> Analysis:
    return analyze_project(EXAMPLES / "xgboost-tabular", None)


def line_of(example: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle` in the example's train.py."""
    lines = (EXAMPLES / example / "train.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_mnist_source_and_entry(mnist: Analysis) -> None:
    assert mnist.root_name == "ec2-mnist"
    assert (mnist.source.total_files, mnist.source.python_files) == (3, 1)
    assert mnist.source.files == ("README.md", "requirements.txt", "train.py")
    assert mnist.entry_point == "train.py"
    assert mnist.frameworks == (Framework.PYTORCH, Framework.TORCHVISION)


def test_mnist_hyperparameters(mnist: Analysis) -> None:
    found = {h.name: (h.default, h.origin) for h in mnist.hyperparameters}
    constant = HyperparameterOrigin.CONSTANT
    assert found == {
        "batch_size": (64, constant),
        "test_batch_size": (1000, constant),
        "epochs": (10, constant),
        "lr": (1.0, constant),
        "gamma": (0.7, constant),
        "seed": (1, constant),
        "log_interval": (10, constant),
    }
    batch = next(h for h in mnist.hyperparameters if h.name == "batch_size")
    assert (batch.type, batch.line, batch.flag) == (
        "int",
        line_of("ec2-mnist", "batch_size = 64"),
        None,
    )


def test_mnist_paths_download_and_save(mnist: Analysis) -> None:
    paths = {(p.value, p.role, p.variable) for p in mnist.hard_coded_paths}
    assert paths == {
        ("./data", PathRole.DATA, "data_dir"),
        ("./models/model.pth", PathRole.MODEL, "model_save_path"),
    }
    assert {(d.call, d.dataset) for d in mnist.dataset_downloads} == {
        ("torchvision.datasets.MNIST", "MNIST")
    }
    assert len(mnist.dataset_downloads) == 2  # train and test splits
    [save] = mnist.model_saves
    assert (save.call, save.format, save.target, save.path) == (
        "torch.save",
        SaveFormat.STATE_DICT,
        "model.state_dict()",
        "model_save_path",
    )
    assert save.line == line_of("ec2-mnist", "torch.save(")


def test_mnist_dependencies(mnist: Analysis) -> None:
    deps = {d.name: d for d in mnist.dependencies}
    assert set(deps) == {"torch", "torchvision"}
    assert deps["torch"].status is DependencyStatus.COMPATIBLE
    assert deps["torchvision"].status is DependencyStatus.PROBLEMATIC
    assert deps["torchvision"].resolution == "manual_download"


def test_mnist_model_metrics_loop(mnist: Analysis) -> None:
    [net] = mnist.model_classes
    assert (net.name, net.base, net.constructor_args) == ("Net", "nn.Module", ())
    assert (net.line, net.end_line) == (
        line_of("ec2-mnist", "class Net"),
        line_of("ec2-mnist", "log_softmax"),
    )
    report_line = line_of("ec2-mnist", '"\\nTest set') - 1  # the `print(` opening the report
    metrics = {m.name: (m.expression, m.line, m.held_out) for m in mnist.metrics}
    train_line = line_of("ec2-mnist", '"Train Epoch') - 1
    assert metrics == {
        "train_loss": ("loss.item()", train_line, False),
        "test_loss": ("test_loss", report_line, True),
        "test_accuracy": ("correct / len(test_loader.dataset)", report_line, True),
    }
    [loop] = mnist.training_loops
    assert (loop.variable, loop.line) == ("epoch", line_of("ec2-mnist", "for epoch in range"))
    assert mnist.argument_parsers == ()
    assert mnist.secrets == ()


def test_mnist_verdicts(mnist: Analysis) -> None:
    assert mnist.risk.level is RiskLevel.LOW
    assert mnist.risk.score == len(mnist.risk.reasons) == 2
    assert mnist.complexity is Complexity.SIMPLE
    assert mnist.strategy is Strategy.AUTOMATED


def test_digits_argparse_and_hazards(digits: Analysis) -> None:
    by_name = {h.name: h for h in digits.hyperparameters}
    assert {h.origin for h in digits.hyperparameters} == {HyperparameterOrigin.ARGPARSE}
    assert (by_name["n_estimators"].flag, by_name["n_estimators"].default) == (
        "--n-estimators",
        200,
    )
    assert (by_name["balanced"].hazard, by_name["balanced"].default) == (Hazard.STORE_TRUE, False)
    assert (by_name["bootstrap"].hazard, by_name["bootstrap"].default) == (Hazard.TYPE_BOOL, True)
    assert [h.name for h in digits.hyperparameters if h.hazard] == ["balanced", "bootstrap"]
    [parser] = digits.argument_parsers
    assert (parser.variable, parser.line, parser.parse_line) == (
        "parser",
        line_of("sklearn-digits", "argparse.ArgumentParser("),
        line_of("sklearn-digits", "parser.parse_args()"),
    )


def test_digits_paths_save_metrics(digits: Analysis) -> None:
    assert {(p.value, p.role, p.variable) for p in digits.hard_coded_paths} == {
        ("./output", PathRole.OUTPUT, "OUTPUT_DIR"),
        ("./models", PathRole.MODEL, "MODEL_DIR"),
    }
    [save] = digits.model_saves
    assert (save.call, save.format, save.target, save.path) == (
        "joblib.dump",
        SaveFormat.JOBLIB,
        "model",
        "MODEL_PATH",
    )
    assert digits.dataset_downloads == ()  # load_digits ships with scikit-learn
    assert [(m.name, m.expression) for m in digits.metrics] == [("test_accuracy", "acc")]
    assert digits.frameworks == (Framework.SKLEARN,)
    assert {d.name: d.status for d in digits.dependencies} == {
        "joblib": DependencyStatus.COMPATIBLE,
        "scikit-learn": DependencyStatus.COMPATIBLE,
    }


def test_xgboost_constants_paths_and_save(churn: Analysis) -> None:
    assert {h.name: h.default for h in churn.hyperparameters} == {
        "MAX_DEPTH": 4,
        "ETA": 0.1,
        "NUM_ROUND": 300,
        "EARLY_STOPPING_ROUNDS": 20,
        "SUBSAMPLE": 0.8,
        "COLSAMPLE_BYTREE": 0.8,
        "MIN_CHILD_WEIGHT": 2,
        "VALIDATION_SIZE": 0.2,
        "SEED": 7,
    }
    assert {(p.value, p.role, p.variable) for p in churn.hard_coded_paths} == {
        ("./data", PathRole.DATA, "DATA_DIR"),
        ("./models", PathRole.MODEL, "MODEL_DIR"),
        ("./models/xgboost-model.json", PathRole.MODEL, "MODEL_PATH"),
    }
    assert "data/churn.csv" in churn.source.files  # the CSV the data path points at
    [save] = churn.model_saves
    assert (save.call, save.format, save.target, save.path) == (
        "model.save_model",
        SaveFormat.XGBOOST,
        "model",
        "MODEL_PATH",
    )
    assert {m.name: m.expression for m in churn.metrics} == {
        "validation_accuracy": "accuracy_score(y_val, val_pred)",
        "validation_auc": "roc_auc_score(y_val, val_prob)",
        "validation_logloss": "log_loss(y_val, val_prob)",
    }
    assert churn.frameworks == (Framework.SKLEARN, Framework.XGBOOST)
    assert churn.training_loops == ()


def test_analysing_mnist_is_fast() -> None:
    start = time.perf_counter()
    analyze_project(EXAMPLES / "ec2-mnist", None)
    assert time.perf_counter() - start < 0.5
