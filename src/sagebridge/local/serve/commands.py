"""What `sagebridge serve` and `sagebridge invoke` do; messages go to the caller's `say`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sagebridge.contract import (
    INFERENCE_CODE_DIR,
    INFERENCE_SCRIPT,
    INVOCATIONS_PATH,
    PING_PATH,
    SERVING_PORT,
)
from sagebridge.errors import ChecksFailed, UserError
from sagebridge.local.registry import ModelPackage, shown_path
from sagebridge.local.serve import payloads, tf_serving
from sagebridge.local.serve.client import error_text, readable, send
from sagebridge.local.serve.server import LocalEndpoint, sigterm_as_interrupt
from sagebridge.state import state_dir

ENDPOINT_RECORD = "endpoint.json"  # in the state dir while `sagebridge serve` runs


def write_record(path: Path, url: str, group: str, version: int) -> None:
    """Tell `sagebridge invoke OUT` where `sagebridge serve OUT` listens."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"url": url, "group": group, "version": version}) + "\n")


def recorded_url(path: Path) -> str | None:
    try:
        url = json.loads(path.read_text())["url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if isinstance(url, str) else None


def serve_package(
    package: ModelPackage,
    *,
    out: Path,
    host: str,
    port: int,
    say: Callable[[str], None],
    log: TextIO | None = None,
    max_extract_bytes: int | None = None,
) -> None:
    """Serve a registered version until Ctrl-C or SIGTERM, saying what is served and where.

    `say` gets the lines for a person; `log` (if any) the request log and handler tracebacks.
    """
    record = state_dir(out) / ENDPOINT_RECORD
    with sigterm_as_interrupt():
        try:
            with LocalEndpoint(
                package.model_data,
                host=host,
                port=port,
                log=log,
                max_extract_bytes=max_extract_bytes,
            ) as endpoint:
                _describe(package, endpoint, out, say)
                write_record(record, endpoint.url, package.group, package.version)
                say(
                    f"Listening on {endpoint.url} (GET {PING_PATH}, POST {INVOCATIONS_PATH}); Ctrl-C stops"
                )
                try:
                    endpoint.wait()
                finally:
                    if recorded_url(record) == endpoint.url:
                        record.unlink(missing_ok=True)
        except KeyboardInterrupt:  # stopped while model_fn was still loading
            pass
    say("Stopped.")


def _describe(
    package: ModelPackage, endpoint: LocalEndpoint, out: Path, say: Callable[[str], None]
) -> None:
    metrics = ", ".join(f"{name}={value:g}" for name, value in sorted(package.metrics.items()))
    say(
        f"Serving {package.group} version {package.version} ({package.approval_status})"
        f" from {shown_path(package.model_data, out)}" + (f"; {metrics}" if metrics else "")
    )
    script = endpoint.model_dir / INFERENCE_CODE_DIR / INFERENCE_SCRIPT
    if not script.is_file() and tf_serving.version_dir(endpoint.model_dir) is not None:
        say(
            "  no code/inference.py: a SavedModel, served as the TensorFlow Serving container"
            ' serves it ({"instances": [...]} -> {"predictions": [...]})'
        )
        return
    own = ", ".join(endpoint.handlers) or "none"
    say(
        f"  {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT} handlers: {own}; SageMaker defaults for the rest"
    )
    if (endpoint.model_dir / INFERENCE_CODE_DIR / "requirements.txt").is_file():
        say("  note: code/requirements.txt is not installed; this environment's packages serve")


def invoke_sample(
    out: Path,
    sample: Path,
    *,
    host: str,
    port: int | None,
    content_type: str | None,
    accept: str,
) -> str:
    """Send a sample file to the endpoint serving OUT; the prediction as text for a person."""
    body, chosen_type = payloads.read_sample(sample, content_type)
    url = f"http://{host}:{port}" if port is not None else None
    url = url or recorded_url(state_dir(out) / ENDPOINT_RECORD) or f"http://{host}:{SERVING_PORT}"
    response = send(url, body, chosen_type, accept)
    if 400 <= response.status < 500:
        raise UserError(
            f"{sample}: the endpoint answered {response.status}: {error_text(response)}"
        )
    if response.status >= 500:
        raise ChecksFailed(
            f"the model's handlers failed ({response.status}): {error_text(response)}"
        )
    return readable(response) + "\n"
