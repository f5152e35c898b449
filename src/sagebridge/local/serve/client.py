"""Talking to an endpoint over HTTP: `invoke`, `ping`, and reading its answers for a person."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from http import HTTPStatus

from sagebridge.contract import INVOCATION_TIMEOUT_S, INVOCATIONS_PATH, PING_PATH
from sagebridge.errors import UserError
from sagebridge.local.serve import payloads

# The endpoint is on loopback: never send its requests through an http_proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def invoke(
    url: str,
    body: bytes,
    content_type: str,
    accept: str = payloads.JSON,
    timeout: float = INVOCATION_TIMEOUT_S,
) -> Response:
    """POST a body to `url`/invocations; 4xx/5xx come back as a Response, not an exception."""
    request = urllib.request.Request(
        url.rstrip("/") + INVOCATIONS_PATH,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Accept": accept},
    )
    try:
        with _opener.open(request, timeout=timeout) as reply:
            return Response(reply.status, reply.headers.get("Content-Type", ""), reply.read())
    except urllib.error.HTTPError as reply:
        return Response(reply.code, reply.headers.get("Content-Type", ""), reply.read())


def ping(url: str, timeout: float = 5.0) -> bool:
    """True when the endpoint answers GET /ping with 200."""
    try:
        with _opener.open(url.rstrip("/") + PING_PATH, timeout=timeout) as reply:
            return reply.status == HTTPStatus.OK
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def send(url: str, body: bytes, content_type: str, accept: str) -> Response:
    """`invoke` for the CLI: an endpoint that isn't there is the user's to start."""
    try:
        return invoke(url, body, content_type, accept)
    except (urllib.error.URLError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise UserError(
            f"no endpoint answering at {url} ({reason}); start one with sagebridge serve OUT"
        ) from None


def readable(response: Response) -> str:
    """A response body for a person: JSON indented, CSV as it is, NPY as nested lists."""
    kind = payloads.media_type(response.content_type)
    if kind == payloads.JSON:
        try:
            return json.dumps(json.loads(response.body), indent=2)
        except ValueError:
            pass
    elif kind == payloads.NPY:
        import numpy as np

        try:
            array = np.load(io.BytesIO(response.body), allow_pickle=False)
        except (ValueError, OSError, EOFError):
            pass
        else:
            return json.dumps(array.tolist())
    return response.body.decode("utf-8", errors="replace").rstrip("\n")


def error_text(response: Response) -> str:
    """The message of an endpoint's JSON error, else its body."""
    try:
        return str(json.loads(response.body)["message"])
    except (ValueError, KeyError, TypeError):
        return response.body.decode("utf-8", errors="replace").strip()
