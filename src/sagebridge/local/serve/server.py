"""The HTTP side of the local endpoint: SageMaker's contract, its limits, and a clean shutdown.

Bad requests get a 4xx JSON error (`{"code", "type", "message"}`), handler bugs a 500; the
server keeps serving either way.
"""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from sagebridge.contract import INVOCATION_TIMEOUT_S, INVOCATIONS_PATH, PING_PATH, SERVING_PORT
from sagebridge.errors import UserError
from sagebridge.local.serve import payloads
from sagebridge.local.serve.handlers import ServedModel

if TYPE_CHECKING:
    from typing_extensions import Self

DEFAULT_HOST = "127.0.0.1"
MAX_BODY_BYTES = 6 * 1024 * 1024  # SageMaker real-time endpoints refuse payloads over 6 MB
DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES  # read and drop oversized bodies up to this, then reply
SOCKET_TIMEOUT_S = 30  # a client that stops sending mid-body gets 408 instead of a stuck thread
STOP_GRACE_S = 10.0  # on stop, requests inside the handlers get this long to finish


class _HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _client_status(error: ValueError) -> HTTPStatus:
    """400, or the 4xx a handler's error names in a `status` (or toolkit `status_code`)."""
    for name in ("status", "status_code"):
        status = getattr(error, name, None)
        if isinstance(status, int) and 400 <= status < 500:
            try:
                return HTTPStatus(status)
            except ValueError:
                pass
    return HTTPStatus.BAD_REQUEST


def _toolkit_status(error: Exception) -> HTTPStatus | None:
    """The status of a sagemaker-inference `BaseInferenceToolkitError`-shaped error, as the
    PyTorch serving toolkit answers it (status_code, message, phrase); None for anything else."""
    status = getattr(error, "status_code", None)
    if not (isinstance(status, int) and hasattr(error, "message") and hasattr(error, "phrase")):
        return None
    try:
        return HTTPStatus(status)
    except ValueError:
        return None


class _Server(ThreadingHTTPServer):
    # A client that trickles its body never lets a read time out, so server_close() must not wait
    # for connection threads: close_connections() lets handler calls finish, then cuts the rest.
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], model: ServedModel, log: TextIO | None) -> None:
        self.model = model
        self.log = log
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._invoking = 0  # requests inside the model's handlers right now
        self._state = threading.Condition()
        super().__init__(address, _RequestHandler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._state:
            self._connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._state:
                self._connections.discard(request)

    @contextmanager
    def invoking(self) -> Iterator[None]:
        """Mark a request as inside the handlers, which a stop waits for (up to a grace period)."""
        with self._state:
            self._invoking += 1
        try:
            yield
        finally:
            with self._state:
                self._invoking -= 1
                self._state.notify_all()

    def close_connections(self, grace_s: float) -> None:
        """After shutdown(): let handler calls finish (up to `grace_s`), then cut every socket."""
        self.stopping = True
        deadline = time.monotonic() + grace_s
        with self._state:
            while self._invoking and (left := deadline - time.monotonic()) > 0:
                self._state.wait(left)
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # a blocked read returns, the thread ends
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not self.stopping:  # a connection cut by close_connections is not worth a traceback
            super().handle_error(request, client_address)


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
            payloads.check_body(body, content_type)  # before any handler: user code trusts json/np
            with self.server.invoking():
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
            toolkit = _toolkit_status(error)
            if toolkit is not None:  # the PyTorch toolkit's own error: its status, as on AWS
                self._error(toolkit, str(getattr(error, "message", error)), type(error))
            else:
                self._log(traceback.format_exc())
                self._error(
                    HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(error).__name__}: {error}",
                    type(error),
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
        max_extract_bytes: int | None = None,
    ) -> None:
        self.archive = Path(archive)
        self.max_extract_bytes = max_extract_bytes  # None: archive.default_extract_cap
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
        self._model = ServedModel(self.archive, max_extract_bytes=self.max_extract_bytes)
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
            self._server.shutdown()  # stop accepting
            self._server.close_connections(STOP_GRACE_S)
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
