"""The DDP corpus project and how its tests start a script: under torchrun, one process, as the
training job starts a torchrun script (plan/huggingface_launch.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3] / "examples" / "corpus" / "ddp-torchrun-positional"


def torchrun(script: Path, args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Its stdout; the run must succeed (the assertion shows the tail of both streams)."""
    done = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=1",
         str(script), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout
