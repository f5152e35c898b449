"""Finding the external linters and running them, with the environment checks need offline.

Only this module starts processes for the validator. Tools are looked up beside the running
interpreter first (the project's .venv/bin), then on PATH; checkov has its own venv because it
pins packaging<24 while the SageMaker SDK needs packaging>=24.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

CHECKOV_ENV = "SAGEBRIDGE_CHECKOV"
CHECKOV_RELATIVE = Path(".tools/checkov/bin/checkov")

# Sample values for building things offline; 123456789012 is the documentation account id.
OFFLINE_ACCOUNT = "123456789012"
OFFLINE_REGION = "us-east-1"
# A loopback port nothing listens on: any request that escapes the endpoint override fails here
# instead of reaching AWS.
_DEAD_LOOPBACK = "http://127.0.0.1:9"


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
    """The environment for building and testing generated code with no AWS access at all.

    Fake credentials, a region, SageMaker's role validation off, and every non-loopback request
    sent to a dead loopback proxy, so nothing can reach AWS even if a library ignores
    AWS_ENDPOINT_URL (the SDK asks the real STS for the account id when it lacks a bucket).
    """
    env = dict(os.environ)
    env.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": OFFLINE_REGION,
            "AWS_REGION": OFFLINE_REGION,
            "SAGEMAKER_VALIDATE_ROLE": "false",
            "HTTP_PROXY": _DEAD_LOOPBACK,
            "HTTPS_PROXY": _DEAD_LOOPBACK,
            "http_proxy": _DEAD_LOOPBACK,
            "https_proxy": _DEAD_LOOPBACK,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    # Code under test chooses its own local endpoint (pipeline.py starts moto when none is set).
    env.pop("AWS_ENDPOINT_URL", None)
    env.pop("AWS_PROFILE", None)
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


@contextlib.contextmanager
def local_aws(bucket: str) -> Iterator[str]:
    """An S3/SageMaker endpoint on loopback for code that uploads while it builds.

    A moto server on 127.0.0.1 (random free port) holding `bucket`, when moto is installed;
    otherwise the dead loopback address, so an upload fails rather than reaching AWS.
    """
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        yield _DEAD_LOOPBACK
        return
    # werkzeug logs every request to stderr; keep the validator's output to its report.
    werkzeug_log = logging.getLogger("werkzeug")
    previous_level = werkzeug_log.level
    werkzeug_log.setLevel(logging.CRITICAL)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    try:
        import boto3

        boto3.client(
            "s3", endpoint_url=url, region_name=OFFLINE_REGION, aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_bucket(Bucket=bucket)
        yield url
    finally:
        server.stop()
        werkzeug_log.setLevel(previous_level)
