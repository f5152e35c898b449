"""Malformed NAME=VALUE options are one-line user errors, before anything runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("option", ["-p", "--data"])
def test_a_malformed_pair_is_a_user_error(tmp_path: Path, option: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sagebridge", "run", str(tmp_path), "--local", option, "epochs"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {option} 'epochs': expected NAME=VALUE, e.g. {option} epochs=2"
    ]
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing written
