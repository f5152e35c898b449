"""Risk, complexity and strategy from facts, each with the reasons that produced it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sagebridge.analyze.scoring import Facts, assess_complexity, assess_risk, choose_strategy
from sagebridge.model import (
    Complexity,
    DatasetDownload,
    Dependency,
    DependencyStatus,
    Framework,
    Hazard,
    Hyperparameter,
    HyperparameterOrigin,
    ModelClass,
    ModelSave,
    RiskLevel,
    SaveFormat,
    Secret,
    SourceStats,
    Strategy,
)

SAVE = ModelSave("torch.save", SaveFormat.STATE_DICT, "train.py", 9)
SECRET = Secret("aws_access_key_id", "AKIA************MPLE", "train.py", 3)
STORE_TRUE = Hyperparameter(
    "flag", False, "bool", HyperparameterOrigin.ARGPARSE, "train.py", 4, "--flag", Hazard.STORE_TRUE
)
PROBLEM = Dependency(
    "torchvision", "torchvision", DependencyStatus.PROBLEMATIC, "x", "manual_download"
)
UNDECLARED = Dependency("pyyaml", None, DependencyStatus.UNDECLARED, "y", "declare")
MNIST = DatasetDownload("torchvision.datasets.MNIST", "MNIST", "train.py", 5)
NET = ModelClass("Net", "nn.Module", "train.py", 1, 2)

BASE = Facts(
    source=SourceStats(3, 1, 0, 1, 100, ("README.md", "requirements.txt", "train.py")),
    frameworks=(Framework.PYTORCH,),
    hyperparameters=(),
    dataset_downloads=(),
    model_saves=(SAVE,),
    dependencies=(),
    secrets=(),
    model_classes=(NET,),
    distributed=False,
)


@pytest.mark.parametrize(
    ("changes", "score", "level"),
    [
        pytest.param({}, 0, RiskLevel.LOW, id="clean"),
        pytest.param(
            {"dependencies": (PROBLEM,), "dataset_downloads": (MNIST, replace(MNIST, line=6))},
            2,
            RiskLevel.LOW,
            id="mnist-like-one-dataset-twice",
        ),
        pytest.param({"secrets": (SECRET,)}, 3, RiskLevel.MEDIUM, id="secret"),
        pytest.param(
            {"hyperparameters": (STORE_TRUE,), "dependencies": (UNDECLARED,), "model_saves": ()},
            4,
            RiskLevel.MEDIUM,
            id="hazard-undeclared-no-save",
        ),
        pytest.param(
            {"secrets": (SECRET, replace(SECRET, line=4)), "distributed": True},
            8,
            RiskLevel.HIGH,
            id="high",
        ),
        pytest.param({"frameworks": ()}, 2, RiskLevel.LOW, id="no-framework"),
    ],
)
def test_risk(changes: dict, score: int, level: RiskLevel) -> None:
    risk = assess_risk(replace(BASE, **changes))
    assert (risk.score, risk.level) == (score, level)
    points = [int(reason.split()[0]) for reason in risk.reasons if reason.startswith("+")]
    assert sum(points) == score  # every point has its reason
    assert risk.reasons


def test_risk_reasons_never_show_secret_values() -> None:
    risk = assess_risk(replace(BASE, secrets=(SECRET,)))
    assert risk.reasons == ("+3 hard-coded aws_access_key_id at train.py:3",)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, Complexity.SIMPLE, id="one-small-file"),
        pytest.param(
            {"source": replace(BASE.source, python_files=3)}, Complexity.MODERATE, id="files"
        ),
        pytest.param(
            {"source": replace(BASE.source, lines_of_code=301)}, Complexity.MODERATE, id="lines"
        ),
        pytest.param(
            {"model_classes": (NET, replace(NET, name="Head"))}, Complexity.MODERATE, id="models"
        ),
        pytest.param({"distributed": True}, Complexity.COMPLEX, id="distributed"),
        pytest.param(
            {"source": replace(BASE.source, lines_of_code=2500)}, Complexity.COMPLEX, id="big"
        ),
        pytest.param(
            {"frameworks": (Framework.PYTORCH, Framework.TENSORFLOW, Framework.XGBOOST)},
            Complexity.COMPLEX,
            id="three-frameworks",
        ),
    ],
)
def test_complexity(changes: dict, expected: Complexity) -> None:
    complexity, reasons = assess_complexity(replace(BASE, **changes))
    assert complexity is expected and reasons


@pytest.mark.parametrize(
    ("changes", "expected", "reason_part"),
    [
        pytest.param({}, Strategy.AUTOMATED, "automated fix", id="clean"),
        pytest.param({"secrets": (SECRET,)}, Strategy.ASSISTED, "secret", id="secret"),
        pytest.param({"model_saves": ()}, Strategy.ASSISTED, "model save", id="no-save"),
        pytest.param({"frameworks": ()}, Strategy.MANUAL, "no ML framework", id="no-framework"),
        pytest.param(
            {"secrets": (SECRET, SECRET)}, Strategy.MANUAL, "risk is high", id="high-risk"
        ),
    ],
)
def test_strategy(changes: dict, expected: Strategy, reason_part: str) -> None:
    facts = replace(BASE, **changes)
    risk = assess_risk(facts)
    complexity, _ = assess_complexity(facts)
    strategy, reasons = choose_strategy(facts, risk, complexity)
    assert strategy is expected
    assert any(reason_part in reason for reason in reasons)


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_every_framework_migrate_transforms_is_automated(framework: Framework) -> None:
    """Keras, TensorFlow, Lightning, Hugging Face and LightGBM scripts are transformed too: the
    strategy must not say "no automated transforms for keras (yet)" (the old text did)."""
    facts = replace(BASE, frameworks=(framework,))
    strategy, reasons = choose_strategy(facts, assess_risk(facts), assess_complexity(facts)[0])
    assert strategy is Strategy.AUTOMATED, reasons
    assert not any("no automated transforms" in reason for reason in reasons)
