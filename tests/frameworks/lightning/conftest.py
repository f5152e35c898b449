"""Helpers for the Lightning tests: the corpus projects migrated once per module, a fake
/opt/ml under tmp_path, and the scripts run as SageMaker and a laptop would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.paths import EXAMPLES

CORPUS = EXAMPLES / "corpus"


def laptop_env(**extra: str) -> dict[str, str]:
    """This process's environment without SM_* variables, one thread, no Lightning banners."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SM_")}
    env.update(OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1", **extra)
    return env


def container_env(root: Path, channel: Path) -> dict[str, str]:
    """The SM_* variables of a training job whose /opt/ml is `root`, with one channel."""
    folders = {
        "SM_MODEL_DIR": root / "model",
        "SM_OUTPUT_DATA_DIR": root / "output" / "data",
        "SM_CHECKPOINT_DIR": root / "checkpoints",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return laptop_env(SM_CHANNEL_TRAINING=str(channel), **{k: str(v) for k, v in folders.items()})


def run(script: Path, args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """stdout + stderr of a script that must succeed."""
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise AssertionError(f"{script} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout + "\n" + done.stderr
