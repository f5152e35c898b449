"""Finding the external linters and running them, with the environment checks need offline.

Only this module starts processes for the validator (but the pipeline definition, which
`sagebridge.project.definition` builds for validate, local and aws alike). Tools are looked up beside the running
interpreter first (the project's .venv/bin), then on PATH; checkov has its own venv because it
pins packaging<24 while the SageMaker SDK needs packaging>=24.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sagebridge.project.definition import OFFLINE_ACCOUNT, OFFLINE_REGION
from sagebridge.project.definition import offline_env as project_offline_env

__all__ = ["OFFLINE_ACCOUNT", "OFFLINE_REGION", "Run", "find_checkov", "find_tool", "offline_env",
           "run", "version_of"]

CHECKOV_ENV = "SAGEBRIDGE_CHECKOV"
CHECKOV_RELATIVE = Path(".tools/checkov/bin/checkov")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def find_tool(name: str) -> str | None:
    """`name` beside the interpreter (a venv's bin/), else on PATH; None when absent."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def find_checkov() -> str | None:
    """$SAGEBRIDGE_CHECKOV, then PATH, then `.tools/checkov/bin/checkov` of the repo or venv."""
    override = os.environ.get(CHECKOV_ENV)
    if override:
        return override if Path(override).is_file() else None
    on_path = shutil.which("checkov")
    if on_path:
        return on_path
    package_root = Path(__file__).resolve().parents[3]  # src/sagebridge/validate -> the repo
    for base in (package_root, Path(sys.prefix).parent):
        candidate = base / CHECKOV_RELATIVE
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def offline_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for testing generated code with no AWS access at all (the project's
    offline environment, `sagebridge.project.definition.offline_env`), plus `extra`. Code
    under test chooses its own local endpoint (pipeline.py starts moto when none is set)."""
    env = project_offline_env()
    if extra:
        env.update(extra)
    return env


def run(command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
        timeout: float = 600.0, stdin: str | None = None) -> Run:
    """Run a tool to completion and capture its output; a timeout is a failed run (rc 124)."""
    try:
        done = subprocess.run(
            list(command), cwd=cwd, env=dict(env) if env is not None else None, input=stdin,
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as expired:
        partial = expired.stdout if isinstance(expired.stdout, str) else ""
        return Run(124, partial, f"timed out after {timeout:.0f} s")
    return Run(done.returncode, done.stdout, done.stderr)


def version_of(executable: str, *args: str) -> str:
    """The first line of `executable --version` (or `args`) that holds a digit, for the report."""
    output = run([executable, *(args or ("--version",))], timeout=60)
    lines = (output.stdout or output.stderr).strip().splitlines()
    numbered = [line.strip() for line in lines if any(c.isdigit() for c in line)]
    return numbered[0] if numbered else Path(executable).name
