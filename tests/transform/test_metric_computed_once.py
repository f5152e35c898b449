"""A metric computed by a call where the script prints it is logged where it is computed: the
call runs once, as in the original (a second run printed twice and drew other random numbers,
so every later value differed)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from sagebridge.migrate import migrate_project

SCRIPT = textwrap.dedent(
    """\
    import random

    random.seed(0)
    calls = 0


    def evaluate():
        global calls
        calls += 1
        print("evaluating", calls)
        return random.random()


    for epoch in range(2):
        print(f"epoch {epoch} val_loss: {evaluate():.4f}")
    print("test accuracy:", evaluate())
    """
)


def _run(folder: Path, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "train.py"], cwd=folder, env={**os.environ, **env},
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return done.stdout.splitlines()


def test_the_metric_call_runs_once_and_the_run_prints_what_the_original_prints(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    assert "sagebridge_runtime.logged('validation_loss', evaluate())" in code  # inside f"..."
    assert 'sagebridge_runtime.logged("test_accuracy", evaluate())' in code
    original = _run(src, {})
    migrated = _run(tmp_path / "out" / "code", {"SM_OUTPUT_DATA_DIR": str(tmp_path / "data")})
    logged = [line for line in migrated if line.endswith(";") and "=" in line]
    assert [line.split("=")[0] for line in logged] == [
        "validation_loss", "validation_loss", "test_accuracy",
    ]  # fmt: skip
    assert [line for line in migrated if line not in logged] == original
    assert original.count("evaluating 3") == 1 and "evaluating 4" not in migrated
