"""Malformed NAME=VALUE options are one-line user errors, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import sagebridge


@pytest.mark.parametrize("option", ["-p", "--data"])
def test_a_malformed_pair_is_a_user_error(tmp_path: Path, option: str) -> None:
    done = sagebridge("run", tmp_path, "--local", option, "epochs", timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {option} 'epochs': expected NAME=VALUE, e.g. {option} epochs=2"
    ]
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing written
