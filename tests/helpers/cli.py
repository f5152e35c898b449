"""Run the `sagebridge` CLI as a user does: a real subprocess of this Python."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from helpers.paths import REPO


def cli_env(**extra: str) -> dict[str, str]:
    """This environment minus $SAGEBRIDGE_HOME (state stays under OUT), wide enough for rich,
    with this checkout's src/ first on PYTHONPATH (the subprocess runs the code under test).

    Module-scoped fixtures run before the autouse fixture that drops the variable, so the
    subprocesses get their environment explicitly. `extra` adds or overrides variables.
    """
    env = {k: v for k, v in os.environ.items() if k != "SAGEBRIDGE_HOME"}
    path = [str(REPO / "src"), *filter(None, [env.get("PYTHONPATH")])]
    return {**env, "PYTHONPATH": os.pathsep.join(path), "COLUMNS": "200", **extra}


def sagebridge_command(*args: str | Path) -> list[str]:
    """The argv of `sagebridge ARGS` run by this Python (for Popen; `sagebridge` runs it)."""
    return [sys.executable, "-m", "sagebridge", *map(str, args)]


def sagebridge(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = False,
    timeout: float = 600,
    text: bool = True,
    wrapper: Sequence[str] = (),
) -> subprocess.CompletedProcess[Any]:
    """`sagebridge ARGS` with output captured; `env` defaults to `cli_env()`.

    `check` is off by default: most tests read the exit code. `text=False` gives bytes.
    `wrapper` is a command to run it under (e.g. `setpriv ...` to drop root's capabilities).
    """
    return subprocess.run(
        [*wrapper, *sagebridge_command(*args)],
        capture_output=True,
        text=text,
        env=cli_env() if env is None else dict(env),
        cwd=cwd,
        timeout=timeout,
        check=check,
    )
