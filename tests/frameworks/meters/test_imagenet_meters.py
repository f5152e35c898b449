"""examples/corpus/imagenet-meters: a metric kept in a meter. validate() prints
' * Acc@1 X Acc@3 Y' through ProgressMeter.display_summary() and returns top1.avg; migrated,
the same run prints the same summary lines and logs the returned average as
`validation_accuracy=X;` (the gate's metric), and the script's checkpoint files land in the
model dir."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from helpers.paths import EXAMPLES

from sagebridge.migrate import migrate_project

PROJECT = EXAMPLES / "corpus" / "imagenet-meters"
SUMMARY = re.compile(r"^ \*\s+Acc@1 ([0-9.]+) Acc@3 ([0-9.]+)$", re.MULTILINE)
LOGGED = re.compile(r"^validation_accuracy=([0-9.]+);$", re.MULTILINE)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A prepared copy (data/ written by make_images.py) and the migrated project."""
    root = tmp_path_factory.mktemp("imagenet-meters")
    original = root / "original"
    shutil.copytree(PROJECT, original)
    _run([sys.executable, "make_images.py"], original, _env())
    out = root / "out"
    migrate_project(PROJECT, out, entry_point="main.py")
    return original, out


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SM_", "SAGEBRIDGE_"))}
    env.pop("PYTHONPATH", None)
    return {**env, "OMP_NUM_THREADS": "1", **extra}


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done.stdout + done.stderr


def test_the_plan_gates_on_the_meter_average(project: tuple[Path, Path]) -> None:
    _, out = project
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["objective_metric"] == "validation_accuracy"
    assert metadata["metrics"]["validation_accuracy"]["greater_is_better"] is True


def test_migrated_prints_the_originals_summary_and_logs_it(
    project: tuple[Path, Path], tmp_path: Path
) -> None:
    original, out = project
    args = ["--epochs", "2", "--seed", "0"]
    before = _run([sys.executable, "main.py", "data", *args], original, _env())
    opt_ml = tmp_path / "opt_ml"
    folders = {
        "SM_MODEL_DIR": opt_ml / "model",
        "SM_OUTPUT_DATA_DIR": opt_ml / "output" / "data",
        "SM_CHECKPOINT_DIR": opt_ml / "checkpoints",
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    env = _env(
        SM_CHANNEL_TRAINING=str(original / "data"), **{k: str(v) for k, v in folders.items()}
    )
    after = _run([sys.executable, "main.py", *args], out / "code", env)
    summaries = SUMMARY.findall(before)
    assert len(summaries) == 2
    assert SUMMARY.findall(after) == summaries
    # the logged value is the printed top-1 average, once per validation pass
    assert [f"{float(v):.3f}" for v in LOGGED.findall(after)] == [a for a, _ in summaries]
    metrics = json.loads((folders["SM_OUTPUT_DATA_DIR"] / "metrics.json").read_text())
    assert f"{metrics['validation_accuracy']:.3f}" == summaries[-1][0]
    # the script's own checkpoint and best-model copy land in the model dir, loadable
    model_dir = folders["SM_MODEL_DIR"]
    assert {"checkpoint.pth.tar", "model_best.pth.tar"} <= {p.name for p in model_dir.iterdir()}
    state = torch.load(model_dir / "checkpoint.pth.tar", weights_only=False)
    assert state["epoch"] == 2
    assert not (out / "code" / "checkpoint.pth.tar").exists()


EPOCH = re.compile(r"^Epoch: \[(\d+)\]", re.MULTILINE)


def test_an_interrupted_job_resumes_after_its_last_epoch(
    project: tuple[Path, Path], tmp_path: Path
) -> None:
    """A spot restart: the job ended after epoch 0 (run with --epochs 1); rerun with the same
    checkpoint dir it skips epoch 0 and trains epochs 1 and 2 only, from the saved model."""
    original, out = project
    opt_ml = tmp_path / "opt_ml"
    env = _env(
        SM_CHANNEL_TRAINING=str(original / "data"),
        SM_MODEL_DIR=str(opt_ml / "model"),
        SM_OUTPUT_DATA_DIR=str(opt_ml / "output" / "data"),
        SM_CHECKPOINT_DIR=str(opt_ml / "checkpoints"),
    )
    for name in ("SM_MODEL_DIR", "SM_OUTPUT_DATA_DIR", "SM_CHECKPOINT_DIR"):
        Path(env[name]).mkdir(parents=True)
    first = _run([sys.executable, "main.py", "--epochs", "1"], out / "code", env)
    assert sorted(set(EPOCH.findall(first))) == ["0"]
    assert list((opt_ml / "checkpoints").iterdir()), "no checkpoint after epoch 0"
    rerun = _run([sys.executable, "main.py", "--epochs", "3"], out / "code", env)
    assert sorted(set(EPOCH.findall(rerun))) == ["1", "2"]
    assert len(SUMMARY.findall(rerun)) == 2
