"""`run --local` of a project whose script needs a CUDA GPU (analysis.json's `cuda_uses`, see
analyze/cuda_requirement.py) on a machine without one: refused before any step runs, in one
line, instead of a training step failing on `torch.cuda.set_device` minutes later."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sagebridge.errors import UserError

ANALYSIS_FILE = "analysis.json"


def require_cuda(out: Path) -> None:
    """Raise UserError when OUT's script needs a CUDA GPU and this Python's torch sees none."""
    use = _first_cuda_use(out)
    if use is None or _cuda_available():
        return
    raise UserError(
        f"{use['file']}:{use['line']}: {use['what']} needs a CUDA GPU and this machine has none: "
        "`run --local` can't train it here; run it on a machine with a CUDA GPU, or on AWS "
        f"(`sagebridge execute {out}`: the pipeline trains on a GPU instance)"
    )


def _first_cuda_use(out: Path) -> dict[str, object] | None:
    try:
        document = json.loads((out / ANALYSIS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    uses = document.get("cuda_uses") if isinstance(document, dict) else None
    return uses[0] if isinstance(uses, list) and uses and isinstance(uses[0], dict) else None


def _cuda_available() -> bool:
    """Asked of the Python the steps run with, in a child process (importing torch here would
    cost every other run its start-up time)."""
    probe = "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe], check=False, capture_output=True, timeout=120
        )
        return done.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
