"""Shared by the migrate tests: the examples migrated once per session, a fake /opt/ml tree,
and the scripts run as real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import EXAMPLES  # noqa: F401 - the tests import it from here

from sagebridge import contract

# `migrated` and `mnist_slice` (session-scoped) come from tests/conftest.py.


@dataclass(frozen=True)
class FakeContainer:
    """The /opt/ml folders of a training job, under tmp_path."""

    root: Path

    @property
    def model(self) -> Path:
        return self.root / contract.MODEL_DIR

    @property
    def output(self) -> Path:
        return self.root / contract.OUTPUT_DIR

    @property
    def output_data(self) -> Path:
        return self.root / contract.OUTPUT_DATA_DIR

    @property
    def checkpoints(self) -> Path:
        return self.root / contract.CHECKPOINT_DIR

    def channel(self, name: str = contract.DEFAULT_TRAINING_CHANNEL) -> Path:
        return self.root / contract.INPUT_DATA_DIR / name

    def env(self) -> dict[str, str]:
        return {
            contract.ENV_MODEL_DIR: str(self.model),
            contract.channel_env(contract.DEFAULT_TRAINING_CHANNEL): str(self.channel()),
            contract.ENV_OUTPUT_DIR: str(self.output),
            contract.ENV_OUTPUT_DATA_DIR: str(self.output_data),
            contract.ENV_CHECKPOINT_DIR: str(self.checkpoints),
            contract.ENV_HOSTS: '["algo-1"]',
            contract.ENV_CURRENT_HOST: "algo-1",
        }


def plain_env(**extra: str) -> dict[str, str]:
    """This process's environment without any SM_* variable (a laptop), one thread for torch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SM_")}
    env.update(OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1", **extra)
    return env


def run_script(script: Path, args: list[str], *, cwd: Path, env: dict[str, str],
               check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{script} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done

