"""The Hugging Face corpus projects, prepared and migrated once per test session.

Everything runs offline: prepare.py builds a tiny random BERT with save_pretrained, and every
script runs with HF_HUB_OFFLINE=1 (nothing may come from the Hub).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.cli import sagebridge
from helpers.paths import EXAMPLES

CORPUS = EXAMPLES / "corpus"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Project:
    original: Path  # a prepared copy of the corpus project (data/ written by prepare.py)
    out: Path  # `sagebridge migrate` of a pristine copy

    @property
    def data(self) -> Path:
        return self.original / "data"

    @property
    def code(self) -> Path:
        return self.out / "code"


def script_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SM_", "SAGEBRIDGE_"))}
    return {**keep, **OFFLINE, **(extra or {})}


def run_script(
    script: Path, args: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> str:
    """The script's stdout and stderr together; a failure shows its end."""
    result = subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, env=script_env(env),
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    output = result.stdout + "\n" + result.stderr
    assert result.returncode == 0, output[-4000:]
    return output


def container_env(project: Project, opt_ml: Path) -> dict[str, str]:
    """The training container's contract, laid out under `opt_ml` (a stand-in /opt/ml)."""
    for folder in ("model", "output/data", "checkpoints"):
        (opt_ml / folder).mkdir(parents=True, exist_ok=True)
    return {
        "SM_MODEL_DIR": str(opt_ml / "model"),
        "SM_OUTPUT_DIR": str(opt_ml / "output"),
        "SM_OUTPUT_DATA_DIR": str(opt_ml / "output" / "data"),
        "SM_CHANNEL_TRAINING": str(project.data),
        "SM_CHECKPOINT_DIR": str(opt_ml / "checkpoints"),
    }


def prepared(name: str, root: Path) -> Project:
    original = root / "original"
    shutil.copytree(CORPUS / name, original)
    run_script(original / "prepare.py", [], original)
    out = root / "out"
    result = sagebridge("migrate", CORPUS / name, "-o", out, "--entry-point", "train.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return Project(original, out)


def last_number(pattern: str, text: str) -> float:
    found = re.findall(pattern, text)
    assert found, f"no {pattern!r} in the output:\n{text[-3000:]}"
    return float(found[-1])


@pytest.fixture(scope="session")
def trainer_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return prepared("hf-trainer", tmp_path_factory.mktemp("hf-trainer"))


@pytest.fixture(scope="session")
def accelerate_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return prepared("hf-accelerate", tmp_path_factory.mktemp("hf-accelerate"))


@pytest.fixture(scope="session")
def multiprocess_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return prepared("hf-accelerate-multiprocess", tmp_path_factory.mktemp("hf-multiprocess"))


def torchrun(script: Path, args: Sequence[str], processes: int) -> list[str]:
    """`accelerate launch --cpu --num_processes N script` as torchrun starts it (gloo on CPU)."""
    return [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nnodes=1",
        f"--nproc_per_node={processes}", str(script), *args,
    ]  # fmt: skip
