"""A script whose only metric is LightGBM's evaluation log (`valid_0's l2: 0.12`) or XGBoost's
scikit-learn `eval_set` log (`validation_1-rmse:0.41`) gets that metric logged for the gate,
equal to the value the original printed last (issue 11, real scripts round 2)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

HEAD = """
import numpy as np
import lightgbm as lgb
from xgboost import XGBRegressor

data = np.load("data/points.npy")
X_train, y_train = data[:200, :-1], data[:200, -1]
X_test, y_test = data[200:, :-1], data[200:, -1]
"""
LIGHTGBM = HEAD + textwrap.dedent(
    """
    lgb_train = lgb.Dataset(X_train, y_train)
    lgb_eval = lgb.Dataset(X_test, y_test, reference=lgb_train)
    params = {"objective": "regression", "metric": "l2", "verbose": -1, "num_threads": 1,
              "seed": 0, "deterministic": True}
    gbm = lgb.train(params, lgb_train, num_boost_round=30, valid_sets=[lgb_eval],
                    callbacks=[lgb.early_stopping(stopping_rounds=3), lgb.log_evaluation()])
    gbm.save_model("model.txt")
    """
)
XGBOOST = HEAD + textwrap.dedent(
    """
    model = XGBRegressor(n_estimators=6, max_depth=2, n_jobs=1, random_state=0)
    model.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)])
    model.save_model("model.json")
    """
)


@pytest.mark.parametrize(
    ("source", "printed", "metric", "model"),
    [
        (LIGHTGBM, r"valid_0's l2: ([0-9.]+)", "validation_l2", "model.txt"),
        (XGBOOST, r"validation_1-rmse:([0-9.]+)", "validation_1_rmse", "model.json"),
    ],
    ids=["lightgbm", "xgboost-sklearn"],
)
def test_the_library_log_metric_is_the_last_value_printed(
    tmp_path: Path, source: str, printed: str, metric: str, model: str
):
    project = tmp_path / "demo"
    (project / "data").mkdir(parents=True)
    (project / "train.py").write_text(source)
    rng = np.random.default_rng(5)
    features = rng.normal(size=(260, 3))
    target = features @ np.array([1.5, -1.0, 0.5]) + rng.normal(size=260) * 0.3
    np.save(project / "data" / "points.npy", np.c_[features, target])
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())
    values = re.findall(printed, before.stdout + before.stderr)
    assert values, before.stdout + before.stderr

    out = tmp_path / "out"
    migrate_project(project, out)
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["objective_metric"] == metric
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    (container.channel() / "points.npy").write_bytes((project / "data" / "points.npy").read_bytes())
    code = out / "code"
    run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))
    logged = json.loads((container.output_data / "metrics.json").read_text())
    assert logged[metric] == pytest.approx(float(values[-1]), abs=1e-5)
    assert (container.model / model).is_file()
