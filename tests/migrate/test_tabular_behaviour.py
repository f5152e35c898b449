"""Proof of behaviour for sklearn-digits and xgboost-tabular: each migrated script runs under a
fake /opt/ml with SageMaker's `--name value` strings, writes its model to the model dir and its
metrics to the output dir, and, given the same settings, prints what the original prints.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sagebridge.plan.metrics import regex

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

pytestmark = pytest.mark.slow


def _metrics(container: FakeContainer, stdout: str) -> dict[str, float]:
    metrics = json.loads((container.output_data / "metrics.json").read_text())
    for name, value in metrics.items():
        assert [float(v) for v in re.findall(regex(name), stdout)] == [value]
    return metrics


def test_sklearn_digits_under_sagemaker(migrated, tmp_path: Path) -> None:
    import joblib

    container = FakeContainer(tmp_path / "opt-ml")
    args = ["--n-estimators", "20", "--max-depth", "6", "--balanced", "True",
            "--bootstrap", "False"]  # strings, as SageMaker passes them
    done = run_script(migrated("sklearn-digits") / "code" / "train.py", args,
                      cwd=tmp_path, env=plain_env(**container.env()))

    model = joblib.load(container.model / "model.joblib")
    assert (model.n_estimators, model.max_depth) == (20, 6)
    assert model.bootstrap is False  # `type=bool` made "False" True before the migration
    assert model.class_weight == "balanced"
    assert (container.output_data / "report.txt").is_file()
    assert 0.8 < _metrics(container, done.stdout)["test_accuracy"] <= 1.0


def test_sklearn_digits_prints_what_the_original_prints(migrated, tmp_path: Path) -> None:
    args = ["--n-estimators", "20", "--max-depth", "6", "--balanced"]  # the laptop spelling
    original = run_script(EXAMPLES / "sklearn-digits" / "train.py", args,
                          cwd=tmp_path, env=plain_env())
    done = run_script(migrated("sklearn-digits") / "code" / "train.py", args,
                      cwd=tmp_path, env=plain_env())
    accuracy = re.compile(r"^Test accuracy: .*$", re.MULTILINE)
    assert accuracy.findall(done.stdout) == accuracy.findall(original.stdout) != []


@pytest.fixture
def churn_original(tmp_path: Path) -> Path:
    """The user's folder with NUM_ROUND = 300 changed to 30 (the only change)."""
    cwd = tmp_path / "original"
    shutil.copytree(EXAMPLES / "xgboost-tabular", cwd)
    source = (cwd / "train.py").read_text()
    assert source.count("NUM_ROUND = 300\n") == 1
    (cwd / "train.py").write_text(source.replace("NUM_ROUND = 300\n", "NUM_ROUND = 30\n"))
    return cwd


def test_xgboost_under_sagemaker_matches_the_original(
    migrated, churn_original: Path, tmp_path: Path
) -> None:
    import xgboost as xgb

    container = FakeContainer(tmp_path / "opt-ml")
    container.channel().mkdir(parents=True)
    shutil.copy(EXAMPLES / "xgboost-tabular" / "data" / "churn.csv", container.channel())
    done = run_script(migrated("xgboost-tabular") / "code" / "train.py", ["--num_round", "30"],
                      cwd=tmp_path, env=plain_env(**container.env()))
    original = run_script(churn_original / "train.py", [], cwd=churn_original, env=plain_env())

    booster = xgb.Booster(model_file=str(container.model / "xgboost-model.json"))
    assert booster.num_boosted_rounds() <= 30
    metrics = _metrics(container, done.stdout)
    assert set(metrics) == {"validation_accuracy", "validation_auc", "validation_logloss"}
    # Round-by-round train/validation logloss and AUC, and the final scores: the same numbers.
    scores = re.compile(r"^(\[\d+\]\s.*|validation \w+: .*)$", re.MULTILINE)
    assert scores.findall(done.stdout) == scores.findall(original.stdout) != []
