"""A model MLflow's autolog logs reaches SM_MODEL_DIR (mlflow/mlflow examples/xgboost_native
style: `mlflow.xgboost.autolog()` then `xgb.train(...)`, no save of the script's own). The
autolog model lived only in ./mlruns, which the job throws away: nothing was registered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sagebridge.analyze.frameworks import find_frameworks
from sagebridge.analyze.saves import find_saves
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import SaveFormat

SCRIPT = """import argparse

import mlflow
import mlflow.xgboost
import numpy as np
import xgboost as xgb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eta", type=float, default=0.3)
    args = parser.parse_args()
    rng = np.random.RandomState(7)
    x = rng.rand(120, 4)
    y = (x[:, 0] + x[:, 1] > 1).astype(int)
    mlflow.xgboost.autolog()
    dtrain = xgb.DMatrix(x[:90], label=y[:90])
    dtest = xgb.DMatrix(x[90:], label=y[90:])
    with mlflow.start_run():
        booster = xgb.train({"objective": "binary:logistic", "eta": args.eta}, dtrain, 8)
        acc = float(((booster.predict(dtest) > 0.5) == y[90:]).mean())
        mlflow.log_metrics({"accuracy": acc})


if __name__ == "__main__":
    main()
"""


def _saves(source: str):
    module = ParsedModule.parse("train.py", source)
    return find_saves(module, find_frameworks(module))


def test_autolog_is_the_model_save_when_the_script_has_no_other() -> None:
    [save] = _saves(SCRIPT)
    assert (save.call, save.format, save.target, save.path) == (
        "mlflow.xgboost.autolog",
        SaveFormat.XGBOOST,
        None,
        None,
    )


def test_autolog_without_models_or_beside_a_save_adds_none() -> None:
    assert _saves(SCRIPT.replace("autolog()", "autolog(log_models=False)")) == []
    own = SCRIPT.replace(
        '        mlflow.log_metrics({"accuracy": acc})',
        '        mlflow.log_metrics({"accuracy": acc})\n        booster.save_model("model.json")',
    )
    assert [s.call for s in _saves(own)] == ["booster.save_model"]


def test_migrated_script_writes_the_autologged_model_into_the_model_dir(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = (out / "code" / "train.py").read_text()
    assert 'mlflow.xgboost.autolog()\n    sagebridge_runtime.keep_autologged_model("model.json")' in code
    assert (out / "code" / "inference.py").exists()
    model_dir = tmp_path / "model"
    env = {
        **os.environ,
        "SM_MODEL_DIR": str(model_dir),
        "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}",
        "MLFLOW_DISABLE_TELEMETRY": "1",
        "OMP_NUM_THREADS": "1",
    }
    env.pop("PYTHONPATH", None)
    subprocess.run([sys.executable, "train.py"], cwd=out / "code", env=env, check=True)
    import xgboost as xgb

    booster = xgb.Booster()
    booster.load_model(model_dir / "model.json")
    assert booster.num_boosted_rounds() == 8
