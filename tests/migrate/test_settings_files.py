"""A script that reads its settings from a config file next to it (`config.yaml`).

The file travels into code/ (the script opens it relative to its folder, which is SageMaker's
source dir); its values are not offered as pipeline hyperparameters, since passing `--lr` would
change nothing; requirements, packaging files and `.env` are not copied.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from sagebridge.migrate import migrate_project

TRAIN = '''import joblib
import yaml
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

with open("config.yaml") as f:
    cfg = yaml.safe_load(f)


def main():
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    model = LogisticRegression(C=cfg["c"], max_iter=cfg["max_iter"]).fit(X_train, y_train)
    acc = model.score(X_test, y_test)
    print(f"test accuracy: {acc:.3f}")
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "cfg-project"
    src.mkdir()
    (src / "train.py").write_text(TRAIN)
    (src / "config.yaml").write_text("c: 0.5\nmax_iter: 300\n")
    (src / "requirements.txt").write_text("scikit-learn\npyyaml\njoblib\n")
    (src / "pyproject.toml").write_text("[project]\nname = 'cfg-project'\n")
    (src / ".env").write_text("API_TOKEN=not-for-the-image\n")
    return src


def test_settings_file_travels_into_code_and_nothing_else(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(project, out)

    assert (out / "code" / "config.yaml").read_text() == "c: 0.5\nmax_iter: 300\n"
    assert not (out / "code" / ".env").exists()
    assert not (out / "code" / "pyproject.toml").exists()
    # code/requirements.txt is ours (for the SageMaker source dir), not a copy of the user's.
    assert (out / "code" / "requirements.txt").read_text() != "scikit-learn\npyyaml\njoblib\n"
    assert result.plan.hyperparameters == {}
    assert any("c is read from a config file" in w for w in result.warnings)
    assert "'c'" not in (out / "pipeline" / "pipeline.py").read_text()


def test_migrated_script_reads_its_config_under_the_container_contract(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    migrate_project(project, out)
    model_dir = tmp_path / "model"
    model_dir.mkdir()  # the container has its folders before the script starts
    env = dict(
        os.environ,
        SM_MODEL_DIR=str(model_dir),
        SM_OUTPUT_DIR=str(tmp_path / "output"),
        SM_OUTPUT_DATA_DIR=str(tmp_path / "output" / "data"),
    )
    done = subprocess.run(
        [sys.executable, "train.py"], cwd=out / "code", env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "test accuracy: " in done.stdout
    assert "test_accuracy=" in done.stdout  # the metric line the pipeline's regex reads
    assert (model_dir / "model.joblib").is_file()


def test_a_script_with_no_metric_migrates_without_a_gate(project: Path, tmp_path: Path) -> None:
    """No metric is no refusal: train -> register for manual approval, and one note says so."""
    train = project / "train.py"
    train.write_text(train.read_text().replace('print(f"test accuracy: {acc:.3f}")', "pass"))
    done = sagebridge("migrate", project, "-o", tmp_path / "o", timeout=300)
    assert done.returncode == 0, done.stderr
    assert "no quality gate" in done.stdout and "PendingManualApproval" in done.stdout
    pipeline = (tmp_path / "o" / "pipeline" / "pipeline.py").read_text()
    assert 'name="QualityThreshold"' not in pipeline and "ConditionStep(" not in pipeline
