"""examples/corpus/meters-prec-format: ' * Prec@1 {top1.avg:.3f} Prec@2 {top2.avg:.3f}'.format(
top1=top1, top2=top2) names the meters' averages; migrated, the same data and seed print the same
summary lines, `validation_accuracy=` logs the printed Prec@1 and the best weights land in the
model dir."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from helpers.paths import EXAMPLES

from sagebridge.migrate import migrate_project

PROJECT = EXAMPLES / "corpus" / "meters-prec-format"
SUMMARY = re.compile(r"^ \* Prec@1 ([0-9.]+) Prec@2 ([0-9.]+)$", re.MULTILINE)
LOGGED = re.compile(r"^validation_accuracy=([0-9.]+);$", re.MULTILINE)


def _run(command: list[str], cwd: Path, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SM_", "SAGEBRIDGE_"))}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        command, cwd=cwd, env={**env, "OMP_NUM_THREADS": "1", **extra},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done.stdout


def test_migrated_prints_the_originals_prec_at_1_and_gates_on_it(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    _run([sys.executable, "make_data.py"], original)
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    assert json.loads((out / "metadata.json").read_text())["objective_metric"] == (
        "validation_accuracy"
    )
    args = ["--epochs", "3", "--seed", "1"]
    before = _run([sys.executable, "train.py", *args], original)
    model_dir = tmp_path / "opt_ml" / "model"
    folders = {
        "SM_MODEL_DIR": model_dir,
        "SM_OUTPUT_DATA_DIR": tmp_path / "opt_ml" / "output" / "data",
        "SM_CHECKPOINT_DIR": tmp_path / "opt_ml" / "checkpoints",
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    after = _run(
        [sys.executable, "train.py", *args], out / "code",
        SM_CHANNEL_TRAINING=str(original / "data"), **{k: str(v) for k, v in folders.items()},
    )  # fmt: skip
    summaries = SUMMARY.findall(before)
    assert len(summaries) == 3
    assert SUMMARY.findall(after) == summaries
    # the logged value is the printed one before its :.3f rounding
    assert [f"{float(v):.3f}" for v in LOGGED.findall(after)] == [a for a, _ in summaries]
    weights = torch.load(model_dir / "model_best.pth")
    assert weights.keys() == torch.load(original / "model_best.pth").keys()
    assert not (out / "code" / "model_best.pth").exists()
