"""The "writes no model file" note suggests the framework's own save (joblib.dump for
scikit-learn and LightGBM, booster.save_model for XGBoost, torch.save for PyTorch), not
torch.save whatever the framework (the old note did)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import GateSource, MigrationPlan
from sagebridge.plan import build_plan

SKLEARN = """
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=200).fit(X, y)
print(f"accuracy: {model.score(X, y):.4f}")
"""

XGBOOST = """
import numpy as np
import xgboost as xgb

X = np.random.rand(64, 4)
y = (X[:, 0] > 0.5).astype(int)
dtrain = xgb.DMatrix(X, label=y)
booster = xgb.train({"objective": "binary:logistic"}, dtrain, num_boost_round=5)
print("trained", booster.num_boosted_rounds())
"""

LIGHTGBM = """
import lightgbm as lgb
import numpy as np

X = np.random.rand(64, 4)
y = (X[:, 0] > 0.5).astype(int)
model = lgb.LGBMClassifier(n_estimators=5).fit(X, y)
print("trained", model.n_features_in_)
"""

STUDY = """
import optuna
import xgboost as xgb
from sklearn.datasets import load_iris
from sklearn.model_selection import cross_val_score

X, y = load_iris(return_X_y=True)


def objective(trial):
    depth = trial.suggest_int("max_depth", 2, 6)
    return cross_val_score(xgb.XGBClassifier(max_depth=depth), X, y, cv=3).mean()


study = optuna.create_study(direction="maximize")
study.optimize(objective, n_trials=5)
print(f"accuracy: {study.best_value:.4f}")
"""


def _plan(tmp_path: Path, source: str) -> MigrationPlan:
    (tmp_path / "train.py").write_text(textwrap.dedent(source))
    return build_plan(analyze_project(tmp_path, "train.py"), read_data_samples(tmp_path))


@pytest.mark.parametrize(
    ("source", "save"),
    [
        pytest.param(SKLEARN, "joblib.dump(model, 'model.joblib')", id="sklearn"),
        pytest.param(XGBOOST, "booster.save_model('model.json')", id="xgboost"),
        pytest.param(LIGHTGBM, "joblib.dump(model, 'model.joblib')", id="lightgbm"),
    ],
)
def test_the_no_model_note_suggests_the_frameworks_own_save(
    tmp_path: Path, source: str, save: str
) -> None:
    plan = _plan(tmp_path, source)
    assert plan.steps is not None and not plan.steps.registers_model
    assert plan.gate is GateSource.NONE
    assert f"save it (e.g. {save})" in plan.gate_note
    assert "torch.save" not in plan.gate_note


def test_the_pytorch_note_still_suggests_torch_save() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "vae"
    plan = build_plan(analyze_project(examples, "main.py"), read_data_samples(examples))
    assert "save it (e.g. torch.save(model.state_dict(), 'model.pth'))" in plan.gate_note


def test_a_studys_note_suggests_the_frameworks_own_save(tmp_path: Path) -> None:
    plan = _plan(tmp_path, STUDY)  # an XGBoost study: not joblib.dump, as the old note said
    assert "Its Optuna study trains one model per trial" in plan.gate_note
    assert "save it (e.g. booster.save_model('model.json'))" in plan.gate_note
