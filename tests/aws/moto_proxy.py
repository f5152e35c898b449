"""A loopback HTTP proxy in front of the moto server, to inject what moto cannot produce.

* throttling: the first N requests of every operation are answered the way AWS throttles that
  protocol (JSON `ThrottlingException`, query `Throttling`, S3 `SlowDown` 503), the rest are
  forwarded; botocore's standard retry mode must ride it out;
* answers: a hook may answer a request itself (CloudFormation's "No updates are to be
  performed." error) or rewrite moto's answer (a stack that rolled back).

Only ever listens on and forwards to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def operation(self) -> str:
        """`sagemaker.CreatePipeline`-like key: X-Amz-Target, query Action, or S3 method."""
        target = self.headers.get("x-amz-target")
        if target:
            return target
        action = parse_qs(self.body.decode("latin-1")).get("Action")
        if action:
            return action[0]
        return f"s3.{self.method}"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


Hook = Callable[[Request, "Response | None"], "Response | None"]


def throttle_response(request: Request) -> Response:
    if "x-amz-target" in request.headers:
        body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"})
        return Response(400, {"Content-Type": "application/x-amz-json-1.1"}, body.encode())
    if request.operation.startswith("s3."):
        body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return Response(503, {"Content-Type": "application/xml"}, body.encode())
    body = (
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
        "<Message>Rate exceeded</Message></Error><RequestId>throttled</RequestId></ErrorResponse>"
    )
    return Response(400, {"Content-Type": "text/xml"}, body.encode())


@dataclass
class LoopbackProxy:
    upstream: str  # http://127.0.0.1:PORT of the moto server
    throttle_first: int = 0  # per operation
    before: Hook | None = None  # called with (request, None): may answer instead of moto
    after: Hook | None = None  # called with (request, moto's answer): may rewrite it
    seen: Counter[str] = field(default_factory=Counter)
    throttled: Counter[str] = field(default_factory=Counter)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LoopbackProxy:
        upstream = urlparse(self.upstream)
        assert upstream.hostname == "127.0.0.1", "the proxy forwards to loopback only"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def _handle(self) -> None:
                request = Request(self.command, self.path, _headers(self), _body(self))
                answer = proxy._decide(request)
                if answer is None:
                    answer = _forward(upstream.hostname or "", upstream.port or 80, request)
                    if proxy.after is not None:
                        answer = proxy.after(request, answer) or answer
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    if key.lower() not in {"content-length", "transfer-encoding", "connection"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _decide(self, request: Request) -> Response | None:
        key = request.operation
        with self._lock:
            self.seen[key] += 1
            if self.throttled[key] < self.throttle_first:
                self.throttled[key] += 1
                return throttle_response(request)
        if self.before is not None:
            return self.before(request, None)
        return None


def _headers(handler: BaseHTTPRequestHandler) -> dict[str, str]:
    return {key.lower(): value for key, value in handler.headers.items()}


def _body(handler: BaseHTTPRequestHandler) -> bytes:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(handler.rfile.readline().strip().split(b";")[0], 16)
            if size == 0:
                handler.rfile.readline()
                break
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
        return b"".join(chunks)
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


def _forward(host: str, port: int, request: Request) -> Response:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {
        k: v
        for k, v in request.headers.items()
        if k not in {"transfer-encoding", "connection", "expect"}
    }
    headers["content-length"] = str(len(request.body))
    try:
        connection.request(request.method, request.path, body=request.body, headers=headers)
        reply = connection.getresponse()
        body = reply.read()
        return Response(reply.status, dict(reply.getheaders()), body)
    finally:
        connection.close()
