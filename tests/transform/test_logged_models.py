"""A model logged to MLflow also reaches SM_MODEL_DIR (issue 11: `log_model` must be registered)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sagebridge.analyze.frameworks import find_frameworks
from sagebridge.analyze.saves import find_saves
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import SaveFormat

SCRIPT = """import sys
import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.linear_model import ElasticNet

if __name__ == "__main__":
    data = pd.read_csv("data/wine.csv")
    with mlflow.start_run():
        lr = ElasticNet(alpha=0.5).fit(data.drop(columns=["q"]), data["q"])
        rmse = 0.5
        print("  RMSE: %s" % rmse)
        mlflow.log_metric("rmse", rmse)
        mlflow.sklearn.log_model(lr, name="model")
"""


def test_log_model_is_a_joblib_save_without_a_path() -> None:
    module = ParsedModule.parse("train.py", SCRIPT)
    [save] = find_saves(module, find_frameworks(module))
    assert (save.call, save.format, save.target, save.path) == (
        "mlflow.sklearn.log_model",
        SaveFormat.JOBLIB,
        "lr",
        None,
    )


def test_migrated_script_keeps_the_logged_model_in_the_model_dir(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "train.py").write_text(SCRIPT)
    (src / "data" / "wine.csv").write_text("a,q\n1,2\n2,3\n3,5\n")
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = (out / "code" / "train.py").read_text()
    assert 'mlflow.sklearn.log_model(lr, name="model")\n' in code
    assert 'sagebridge_runtime.keep_model(lr, "model.joblib")' in code
    assert "inference.py" in {p.name for p in (out / "code").iterdir()}
    probe = (
        "import joblib, sagebridge_runtime\n"
        "from sklearn.linear_model import LinearRegression\n"
        "m = LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0])\n"
        "sagebridge_runtime.keep_model(m, 'model.joblib')\n"
    )
    model_dir = tmp_path / "model"
    env = {"SM_MODEL_DIR": str(model_dir), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", probe], cwd=out / "code", env=env, check=True)
    import joblib

    assert joblib.load(model_dir / "model.joblib").predict([[2.0]]).round(3).tolist() == [2.0]
    subprocess.run(
        [sys.executable, "-c", probe], cwd=out / "code", env={"PATH": "/usr/bin"}, check=True
    )  # a laptop: nothing written, no error
