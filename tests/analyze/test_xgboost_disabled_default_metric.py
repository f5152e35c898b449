"""`xgb.train` with `disable_default_eval_metric` logs no default metric (dmlc/xgboost
demo/guide-python custom_softmax.py: a custom objective and custom_metric, the default metric
disabled). The tool took the objective's default (rmse) as a logged metric and the migrated
script read `results["train"]["rmse"][-1]`: a KeyError in the job."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sagebridge.analyze.source import ParsedModule
from sagebridge.analyze.xgboost_evals import evaluation_log_metrics
from sagebridge.migrate import migrate_project

SCRIPT = """import numpy as np
import xgboost as xgb

rng = np.random.RandomState(3)
x = rng.randn(60, 5)
y = rng.randint(0, 3, size=60)
data = xgb.DMatrix(x, y)


def errors(predt, dtrain):
    wrong = predt.reshape(len(y), 3).argmax(axis=1) != dtrain.get_label()
    return "MyErr", float(wrong.mean())


def squared(predt, dtrain):
    return predt * 0 + 0.1, predt * 0 + 1.0


if __name__ == "__main__":
    custom = {}
    xgb.train({"num_class": 3, "disable_default_eval_metric": True}, data, 4, obj=squared,
              custom_metric=errors, evals_result=custom, evals=[(data, "train")])
    native = {}
    xgb.train({"num_class": 3, "objective": "multi:softmax"}, data, 4,
              evals_result=native, evals=[(data, "train")])
"""


def test_a_disabled_default_metric_is_not_a_logged_metric() -> None:
    metrics = evaluation_log_metrics(ParsedModule.parse("train.py", SCRIPT))
    assert [(m.name, m.expression) for m in metrics] == [
        ("train_mlogloss", "native['train']['mlogloss'][-1]")
    ]
    kept = SCRIPT.replace('"disable_default_eval_metric": True', '"disable_default_eval_metric": 0')
    assert len(evaluation_log_metrics(ParsedModule.parse("train.py", kept))) == 2


def test_the_migrated_script_runs(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "SM_MODEL_DIR": str(tmp_path / "model")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "train.py"],
        cwd=out / "code",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "train_mlogloss=" in done.stdout
