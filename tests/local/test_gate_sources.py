"""The gate without an Evaluate step: on the training job's own final metric, or no gate at all.

Two small scikit-learn scripts on the bundled digits (Preprocess exports their own split):
one reports only a training loss (the gate reads `FinalMetricDataList['train_loss']`, `<=`),
one prints a GAN-style `Loss_D`/`Loss_G` pair that names no single metric (no gate: train ->
register as PendingManualApproval). Both migrate with exit 0 and run end to end locally.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers.cli import cli_env, sagebridge

pytestmark = pytest.mark.slow

HEAD = """
import argparse
import os

import joblib
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

MODEL_DIR = "./models"
MODEL_PATH = os.path.join(MODEL_DIR, "model.joblib")
"""

TRAIN_LOSS_ONLY = (
    HEAD
    + """
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-iter", type=int, default=200)
    args = parser.parse_args()
    digits = load_digits()
    X, _, y, _ = train_test_split(digits.data, digits.target, test_size=0.2, random_state=0)
    model = LogisticRegression(max_iter=args.max_iter).fit(X / 16.0, y)
    print("train loss: {:.4f}".format(log_loss(y, model.predict_proba(X / 16.0))))
    os.makedirs(MODEL_DIR, exist_ok=True)
    joblib.dump(model, MODEL_PATH)


if __name__ == "__main__":
    main()
"""
)

GAN_LIKE = (
    HEAD
    + """
from sklearn.cluster import KMeans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--niter", type=int, default=2)
    args = parser.parse_args()
    digits = load_digits()
    X, _, y, _ = train_test_split(digits.data, digits.target, test_size=0.2, random_state=0)
    for epoch in range(args.niter):
        gen = KMeans(n_clusters=4, n_init=1, random_state=epoch).fit(X)
        disc = KMeans(n_clusters=2, n_init=1, random_state=epoch).fit(X)
        print("[%d/%d] Loss_D: %.4f Loss_G: %.4f" % (epoch, args.niter, disc.inertia_, gen.inertia_))
    os.makedirs(MODEL_DIR, exist_ok=True)
    joblib.dump(gen, MODEL_PATH)


if __name__ == "__main__":
    main()
"""
)


def migrate_script(tmp_path: Path, name: str, script: str) -> tuple[Path, str]:
    src = tmp_path / name
    src.mkdir()
    (src / "train.py").write_text(textwrap.dedent(script))
    out = tmp_path / f"{name}-out"
    done = sagebridge("migrate", src, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout


def definition(out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(out / "pipeline" / "pipeline.py"), "--definition"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)


def run_local(out: Path, *args: str) -> tuple[int, dict]:
    done = sagebridge("run", out, "--local", "--json", *args)
    assert done.stdout, done.stderr[-3000:]
    return done.returncode, json.loads(done.stdout)


def test_training_metric_gate(tmp_path: Path) -> None:
    out, printed = migrate_script(tmp_path, "trainloss", TRAIN_LOSS_ONLY)
    assert "objective train_loss (min)" in printed
    assert "FinalMetricDataList" in printed  # the one note says where the gate reads it
    pipeline = definition(out)
    steps = {step["Name"]: step for step in pipeline["Steps"]}
    assert "Evaluate" not in steps
    [condition] = steps["QualityGate"]["Arguments"]["Conditions"]
    assert condition["Type"] == "LessThanOrEqualTo"
    assert condition["LeftValue"] == {"Get": "Steps.Train.FinalMetricDataList['train_loss'].Value"}
    [metric] = steps["Train"]["Arguments"]["AlgorithmSpecification"]["MetricDefinitions"]
    assert metric["Name"] == "train_loss"

    code, summary = run_local(out, "-p", "QualityThreshold=5")
    assert code == 0, summary
    assert summary["registered_model"]["approval_status"] == "PendingManualApproval"
    loss = summary["metrics"]["train_loss"]
    assert 0 < loss < 5
    # the same value, read back from the job's log, fails a threshold below it
    code, summary = run_local(out, "-p", f"QualityThreshold={loss / 2}")
    assert code == 1
    assert "is above the threshold" in json.dumps(summary)


def test_no_metric_registers_for_manual_approval(tmp_path: Path) -> None:
    out, printed = migrate_script(tmp_path, "ganlike", GAN_LIKE)
    assert "objective None" in printed and "no quality gate" in printed
    guide = (out / "docs" / "MIGRATION_GUIDE.md").read_text()
    assert "no quality gate" in guide
    pipeline = definition(out)
    steps = {step["Name"]: step["Type"] for step in pipeline["Steps"]}
    assert "Evaluate" not in steps and "QualityGate" not in steps
    assert {"Condition", "Fail"}.isdisjoint(steps.values())
    assert steps["RegisterModel"] == "RegisterModel"
    assert "QualityThreshold" not in {p["Name"] for p in pipeline["Parameters"]}

    code, summary = run_local(out)
    assert code == 0, summary
    assert summary["registered_model"]["approval_status"] == "PendingManualApproval"
