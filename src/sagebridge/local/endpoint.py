"""A local endpoint with SageMaker's HTTP contract, serving one model.tar.gz.

As a real endpoint does, it extracts the archive into a fresh folder, imports
`code/inference.py` from there (not from OUT/code), runs `model_fn` once, then answers

    GET  /ping         200 once the model is loaded
    POST /invocations  input_fn -> predict_fn -> output_fn (or transform_fn)

Handlers the module leaves out get SageMaker's defaults: the JSON/CSV/NPY codecs of
`payloads.py`, `model.predict(data)` or a no-grad forward pass, and `torch.jit.load("model.pt")`.
Handler calls are serialised: a SageMaker model-server worker runs one request at a time, so
user code is never required to be thread-safe. Bad requests get a 4xx JSON error
(`{"code", "type", "message"}`), handler bugs a 500; the server keeps serving either way.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import shutil
import signal
import sys
import tarfile
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from sagebridge.contract import (
    INFERENCE_CODE_DIR,
    INFERENCE_HANDLERS,
    INFERENCE_SCRIPT,
    INFERENCE_TRANSFORM_HANDLER,
    INVOCATION_TIMEOUT_S,
    INVOCATIONS_PATH,
    MODEL_ARCHIVE,
    PING_PATH,
    SERVING_PORT,
    TORCHSCRIPT_FILE,
)
from sagebridge.errors import ChecksFailed, UserError
from sagebridge.local import payloads
from sagebridge.local.registry import ModelPackage, shown_path
from sagebridge.state import state_dir

if TYPE_CHECKING:
    from typing_extensions import Self

DEFAULT_HOST = "127.0.0.1"
ENDPOINT_RECORD = "endpoint.json"  # in the state dir while `sagebridge serve` runs
MAX_BODY_BYTES = 6 * 1024 * 1024  # SageMaker real-time endpoints refuse payloads over 6 MB
DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES  # read and drop oversized bodies up to this, then reply
SOCKET_TIMEOUT_S = 30  # a client that stops sending mid-body gets 408 instead of a stuck thread

_module_ids = itertools.count(1)
# The endpoint is on loopback: never send its requests through an http_proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Handlers:
    """The inference functions in effect: the module's own, else SageMaker's defaults."""

    model_fn: Callable[[str], Any]
    input_fn: Callable[[bytes, str], Any]
    predict_fn: Callable[[Any, Any], Any]
    output_fn: Callable[[Any, str], Any]
    transform_fn: Callable[[Any, bytes, str, str], Any] | None
    custom: tuple[str, ...]  # names the module defines, for the startup message


def default_model_fn(model_dir: str) -> Any:
    """The PyTorch serving container's default: jit-load model.pt at the model root."""
    path = Path(model_dir) / TORCHSCRIPT_FILE
    if not path.is_file():
        raise UserError(
            f"{MODEL_ARCHIVE}: {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT} defines no model_fn and"
            f" there is no {TORCHSCRIPT_FILE} at the archive root; add a model_fn"
        )
    import torch  # only in the serving process, only for a model that needs it

    with warnings.catch_warnings():
        # torch 2.14 deprecates TorchScript; SageMaker's PyTorch server still jit-loads model.pt.
        warnings.simplefilter("ignore", FutureWarning)
        model = torch.jit.load(str(path), map_location="cpu")
    model.eval()
    return model


def default_predict_fn(data: Any, model: Any) -> Any:
    """`model.predict(data)` (scikit-learn, XGBoost), else a no-grad forward pass (PyTorch)."""
    if hasattr(model, "predict"):
        return model.predict(data)
    import torch

    with torch.no_grad():
        return model(torch.as_tensor(data))


def load_handlers(model_dir: Path, module_name: str) -> Handlers:
    """Import `code/inference.py` from an extracted model folder and pick its handlers."""
    script = model_dir / INFERENCE_CODE_DIR / INFERENCE_SCRIPT
    module: ModuleType | None = None
    if script.is_file():
        spec = importlib.util.spec_from_file_location(module_name, script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)

    def own(name: str) -> Callable[..., Any] | None:
        handler = getattr(module, name, None)
        return handler if callable(handler) else None

    custom = tuple(n for n in (*INFERENCE_HANDLERS, INFERENCE_TRANSFORM_HANDLER) if own(n))
    transform_fn = own(INFERENCE_TRANSFORM_HANDLER)
    mixed = [n for n in ("input_fn", "predict_fn", "output_fn") if own(n)]
    if transform_fn and mixed:
        raise UserError(
            f"{INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT}: defines transform_fn and {', '.join(mixed)};"
            " SageMaker accepts one style or the other, so remove one"
        )
    return Handlers(
        model_fn=own("model_fn") or default_model_fn,
        input_fn=own("input_fn") or payloads.decode,
        predict_fn=own("predict_fn") or default_predict_fn,
        output_fn=own("output_fn") or payloads.encode,
        transform_fn=transform_fn,
        custom=custom,
    )


def unpack(archive: Path, dest: Path) -> None:
    """Extract model.tar.gz, refusing members that would land outside `dest`."""
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise UserError(f"{archive}: can't extract the model archive ({error})") from None
    nested = sorted(dest.glob(f"*/{INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT}"))
    if nested and not (dest / INFERENCE_CODE_DIR / INFERENCE_SCRIPT).exists():
        inner = nested[0].relative_to(dest).as_posix()
        raise UserError(
            f"{archive}: holds {inner} instead of {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT};"
            " build the archive from inside the model folder, not its parent"
        )


class ServedModel:
    """A model.tar.gz extracted to a fresh folder, its handlers imported, model_fn run once."""

    def __init__(self, archive: Path) -> None:
        self.archive = Path(archive)
        self.workdir = Path(tempfile.mkdtemp(prefix="sagebridge-endpoint-"))
        self.model_dir = self.workdir / "model"  # what /opt/ml/model is in the container
        self.code_dir = str(self.model_dir / INFERENCE_CODE_DIR)
        self.module_name = f"sagebridge_served_inference_{next(_module_ids)}"
        self._lock = threading.Lock()
        try:
            unpack(self.archive, self.model_dir)
            # The container puts code/ on sys.path, so inference.py can import its neighbours.
            sys.path.insert(0, self.code_dir)
            self.handlers = load_handlers(self.model_dir, self.module_name)
            self.model = self.handlers.model_fn(str(self.model_dir))
        except BaseException:
            self.close()
            raise

    def invoke(self, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """One request through the handlers: the response body and its content type."""
        h = self.handlers
        with self._lock:
            if h.transform_fn is not None:
                result = h.transform_fn(self.model, body, content_type, accept)
            else:
                result = h.output_fn(
                    h.predict_fn(h.input_fn(body, content_type), self.model), accept
                )
        # sagemaker-inference lets a handler return (body, content_type).
        response_type = accept
        if isinstance(result, tuple) and len(result) == 2:
            result, response_type = result
        if isinstance(result, str):
            return result.encode(), str(response_type)
        if isinstance(result, (bytes, bytearray)):
            return bytes(result), str(response_type)
        raise TypeError(
            f"{INFERENCE_SCRIPT}: output_fn/transform_fn returned {type(result).__name__};"
            " return bytes or str"
        )

    def close(self) -> None:
        if self.code_dir in sys.path:
            sys.path.remove(self.code_dir)
        sys.modules.pop(self.module_name, None)
        shutil.rmtree(self.workdir, ignore_errors=True)


class _HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _client_status(error: ValueError) -> HTTPStatus:
    """400, or the 4xx a handler's error names in a `status` attribute (415 for a media type)."""
    status = getattr(error, "status", None)
    if isinstance(status, int) and 400 <= status < 500:
        try:
            return HTTPStatus(status)
        except ValueError:
            pass
    return HTTPStatus.BAD_REQUEST


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() lets requests in flight finish: graceful shutdown

    def __init__(self, address: tuple[str, int], model: ServedModel, log: TextIO | None) -> None:
        self.model = model
        self.log = log
        super().__init__(address, _RequestHandler)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    timeout = SOCKET_TIMEOUT_S
    server_version = "sagebridge-local-endpoint"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == PING_PATH:
            self._send(HTTPStatus.OK, b'{"status": "Healthy"}', payloads.JSON)
        elif path == INVOCATIONS_PATH:
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "use POST for /invocations")
        else:
            self._error(
                HTTPStatus.NOT_FOUND, f"no route {path}; use {PING_PATH} or {INVOCATIONS_PATH}"
            )

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        started = time.perf_counter()
        try:
            body = self._read_body()
            if path != INVOCATIONS_PATH:
                raise _HttpError(
                    HTTPStatus.NOT_FOUND, f"no route {path}; POST to {INVOCATIONS_PATH}"
                )
            content_type = payloads.request_content_type(self.headers.get("Content-Type"))
            accept = payloads.response_content_type(self.headers.get("Accept"))
            response, response_type = self.server.model.invoke(body, content_type, accept)
        except _HttpError as error:
            self._error(error.status, str(error))
        except payloads.UnsupportedMediaType as error:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, str(error))
        except payloads.NotAcceptable as error:
            self._error(HTTPStatus.NOT_ACCEPTABLE, str(error))
        except ValueError as error:  # the contract's way for handlers to reject a payload
            self._error(_client_status(error), str(error) or type(error).__name__, type(error))
        except Exception as error:  # noqa: BLE001 - a handler bug: answer 500, keep serving
            self._log(traceback.format_exc())
            self._error(
                HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(error).__name__}: {error}", type(error)
            )
        else:
            self._send(HTTPStatus.OK, response, response_type)
        elapsed = time.perf_counter() - started
        if elapsed > INVOCATION_TIMEOUT_S:
            self._log(
                f"warning: request took {elapsed:.0f} s; SageMaker stops waiting at {INVOCATION_TIMEOUT_S} s\n"
            )

    def do_PUT(self) -> None:
        self._error(
            HTTPStatus.METHOD_NOT_ALLOWED, f"use GET {PING_PATH} or POST {INVOCATIONS_PATH}"
        )

    do_DELETE = do_PATCH = do_PUT

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise _HttpError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
        header = self.headers.get("Content-Length")
        if header is None:
            raise _HttpError(HTTPStatus.LENGTH_REQUIRED, "Content-Length header is required")
        try:
            length = int(header)
            if length < 0:
                raise ValueError(header)
        except ValueError:
            self.close_connection = True
            raise _HttpError(HTTPStatus.BAD_REQUEST, f"invalid Content-Length {header!r}") from None
        try:
            if length > MAX_BODY_BYTES:
                # Reading the body before answering lets the client see the 413 instead of a reset.
                if length <= DRAIN_LIMIT_BYTES:
                    self._drain(length)
                self.close_connection = True
                raise _HttpError(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"body of {length} bytes is over the {MAX_BODY_BYTES}-byte limit"
                    " of a SageMaker endpoint; send smaller batches",
                )
            body = self.rfile.read(length)
        except TimeoutError:
            self.close_connection = True
            raise _HttpError(HTTPStatus.REQUEST_TIMEOUT, "request body incomplete") from None
        if len(body) != length:
            self.close_connection = True
            raise _HttpError(
                HTTPStatus.BAD_REQUEST, f"body ended after {len(body)} of {length} bytes"
            )
        return body

    def _drain(self, length: int) -> None:
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                return
            remaining -= len(chunk)

    def _error(
        self, status: HTTPStatus, message: str, kind: type[BaseException] | None = None
    ) -> None:
        document = {
            "code": int(status),
            "type": kind.__name__ if kind else status.phrase,
            "message": message,
        }
        self._send(status, json.dumps(document).encode(), payloads.JSON)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (malformed request line, bad headers) as JSON too."""
        self.close_connection = True
        # An unparseable request line leaves the stdlib's HTTP/0.9 default, which would drop the
        # status line and headers; no client of an endpoint speaks HTTP/0.9.
        if self.request_version == "HTTP/0.9":
            self.request_version = self.protocol_version
        self._error(HTTPStatus(code), message or HTTPStatus(code).phrase)

    def log_message(self, format: str, *args: Any) -> None:
        self._log(f"{self.address_string()} {format % args}\n")

    def _log(self, text: str) -> None:
        if self.server.log is not None:
            self.server.log.write(text)
            self.server.log.flush()


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Let SIGTERM (kill, a service manager) stop a server the way Ctrl-C does.

    Installed before the model loads, so that no window exists where SIGTERM kills the process
    without cleaning up its extraction folder.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class LocalEndpoint:
    """Serve a model.tar.gz on host:port; a context manager runs it in a background thread."""

    def __init__(
        self,
        archive: Path,
        *,
        host: str = DEFAULT_HOST,
        port: int = SERVING_PORT,
        log: TextIO | None = None,
    ) -> None:
        self.archive = Path(archive)
        self.host = host
        self.port = port  # 0 picks a free port; `url` tells which after start()
        self.log = log
        self._model: ServedModel | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("endpoint not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def model_dir(self) -> Path:
        """Where the archive was extracted (the container's /opt/ml/model)."""
        if self._model is None:
            raise RuntimeError("endpoint not started")
        return self._model.model_dir

    @property
    def handlers(self) -> tuple[str, ...]:
        """The handlers inference.py defines (the rest are SageMaker's defaults)."""
        return self._model.handlers.custom if self._model else ()

    def start(self) -> Self:
        self._model = ServedModel(self.archive)
        try:
            self._server = _Server((self.host, self.port), self._model, self.log)
        except OSError as error:
            self._model.close()
            raise UserError(
                f"can't listen on {self.host}:{self.port} ({error.strerror}); pass --port"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sagebridge-endpoint", daemon=True
        )
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until Ctrl-C (or SIGTERM, inside `sigterm_as_interrupt`)."""
        assert self._thread is not None, "start() first"
        try:
            self._thread.join()
        except KeyboardInterrupt:
            pass

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # stop accepting; requests in flight finish in server_close
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        if self._model is not None:
            self._model.close()
        self._server = self._thread = self._model = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


# ---- client ----------------------------------------------------------------------------------


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


# ---- what the CLI's `serve` and `invoke` do ----------------------------------------------------


def serve_package(
    package: ModelPackage,
    *,
    out: Path,
    host: str,
    port: int,
    say: Callable[[str], None],
) -> None:
    """Serve a registered version until Ctrl-C or SIGTERM, saying what is served and where."""
    record = state_dir(out) / ENDPOINT_RECORD
    with sigterm_as_interrupt():
        try:
            with LocalEndpoint(
                package.model_data, host=host, port=port, log=sys.stderr
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
