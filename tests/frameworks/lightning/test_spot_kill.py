"""A spot interruption as SageMaker does it: the training job is killed (SIGKILL) once its
first epoch is checkpointed, then restarted with the same arguments and the synced checkpoint
folder; it resumes from the newest checkpoint there and trains only the epochs after it."""

from __future__ import annotations

import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import torch

from sagebridge.migrate import migrate_project

from .conftest import CORPUS, container_env, run

PROJECT = "lightning-logdict-regression"
EPOCHS = 6


def _complete_checkpoint(path: Path) -> int | None:
    """The epoch a fully written checkpoint holds, else None (absent, or a write cut short)."""
    try:
        return int(torch.load(path, map_location="cpu", weights_only=False)["epoch"])
    except (OSError, RuntimeError, EOFError, KeyError, pickle.UnpicklingError):
        return None


def _killed_once_checkpointed(
    script: Path, args: list[str], env: dict[str, str], last: Path
) -> int:
    """Starts the job and kills it (SIGKILL) as soon as a checkpoint is complete: the job is
    frozen (SIGSTOP) while the file is read, so it is not being rewritten when it is judged.
    Returns the epoch the checkpoint holds (0: the first)."""
    process = subprocess.Popen(
        [sys.executable, str(script), *args], cwd=script.parent, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, "the job ended before it was killed"
            if last.is_file():
                process.send_signal(signal.SIGSTOP)
                epoch = _complete_checkpoint(last)
                if epoch is not None:
                    process.send_signal(signal.SIGKILL)
                    return epoch
                process.send_signal(signal.SIGCONT)
            time.sleep(0.02)
        raise AssertionError("no checkpoint written in time")
    finally:
        process.kill()
        process.wait()


def test_killed_after_epoch_1_the_rerun_resumes_from_the_checkpoint(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS / PROJECT, original)
    subprocess.run([sys.executable, "make_data.py"], cwd=original, check=True, capture_output=True)
    migrate_project(CORPUS / PROJECT, tmp_path / "out")
    script = tmp_path / "out" / "code" / "train.py"
    env = container_env(tmp_path / "opt_ml", original / "data")
    args = ["--max_epochs", str(EPOCHS)]
    last = tmp_path / "opt_ml" / "checkpoints" / "checkpoints" / "last.ckpt"
    done = _killed_once_checkpointed(script, args, env, last) + 1  # epochs it completed
    assert done < EPOCHS, "the job finished before it was killed"
    rerun = run(script, args, script.parent, env)  # the same arguments, as SageMaker restarts it
    assert re.search(rf"^Resuming from {re.escape(str(last))}$", rerun, re.MULTILINE)
    epochs = [int(e) for e in re.findall(r"^epoch=(\d+);$", rerun, re.MULTILINE)]
    assert epochs == list(range(done + 1, EPOCHS + 1))
    assert len(re.findall(r"^validation_mae=", rerun, re.MULTILINE)) == EPOCHS - done
    assert (tmp_path / "opt_ml" / "model" / "model.ckpt").is_file()
