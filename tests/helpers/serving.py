"""Run `sagebridge serve OUT` as a real subprocess for end-to-end tests."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers.cli import cli_env, sagebridge_command

__all__ = ["cli_env", "serving"]  # cli_env lives in helpers.cli; importable here as before


@contextmanager
def serving(
    out: Path, *args: str, logs: Path, startup_timeout_s: float = 60.0
) -> Iterator[tuple[str, Path]]:
    """`sagebridge serve OUT --port 0 ARGS`; yields (URL, its stdout file) once /ping answers.

    The URL comes from the record `serve` writes for `invoke` (OUT/.sagebridge/endpoint.json).
    On exit it sends Ctrl-C and checks the server stopped cleanly and removed that record.
    """
    from sagebridge.local.serve.client import ping

    record = out / ".sagebridge" / "endpoint.json"
    logs.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = logs / "serve.out", logs / "serve.err"
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        process = subprocess.Popen(
            sagebridge_command("serve", out, "--port", "0", *args),
            stdout=stdout,
            stderr=stderr,
            env=cli_env(),
        )
    try:
        url = None
        deadline = time.monotonic() + startup_timeout_s
        while url is None and time.monotonic() < deadline and process.poll() is None:
            if record.is_file():
                candidate = json.loads(record.read_text())["url"]
                url = candidate if ping(candidate, timeout=1.0) else None
            if url is None:
                time.sleep(0.2)  # bounded polling for the server to come up
        assert url is not None, (
            f"serve did not come up (exit {process.poll()}): "
            f"{stdout_path.read_text()} {stderr_path.read_text()}"
        )
        yield url, stdout_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop that removes the record
        code = process.wait(timeout=30)
    assert code == 0, stderr_path.read_text()
    assert not record.exists()
    assert "Stopped." in stdout_path.read_text()
