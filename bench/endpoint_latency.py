"""Local endpoint latency: HTTP round trips against the bare model's forward time.

    .venv/bin/python bench/endpoint_latency.py                      # the test models (below)
    .venv/bin/python bench/endpoint_latency.py --archive OUT/.sagebridge/model-packages/G/1/model.tar.gz \
        --sample digit.npy                                         # any registered model

For each model the endpoint runs in its own process (as `sagebridge serve` does) on 127.0.0.1
and this process is the client. The same request body is timed four ways:

    forward     predict_fn(data, model) on the already-decoded input, in this process
    handlers    input_fn -> predict_fn -> output_fn, in this process (no HTTP)
    http        POST /invocations, one client, one request at a time
    http xN     N clients at once (the server runs handlers one at a time, as a worker does)

Without --archive it builds the two models the endpoint tests serve (tests/endpoint/archives.py):
scikit-learn LogisticRegression on the bundled digits and a TorchScript MLP trained on an MNIST
slice, each asked about one held-out example per request. The number of requests is bounded.
"""

from __future__ import annotations

import argparse
import json
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the test models' builders

from sagebridge.local.serve.client import invoke
from sagebridge.local.serve.handlers import ServedModel
from sagebridge.local.serve.payloads import read_sample
from sagebridge.local.serve.server import LocalEndpoint, sigterm_as_interrupt

READY_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Timings:
    label: str
    seconds: list[float]  # one latency per call
    wall_s: float  # elapsed time for all of them

    def line(self) -> str:
        ordered = sorted(self.seconds)
        p50 = statistics.median(ordered) * 1e3
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1e3
        rate = len(ordered) / self.wall_s
        return f"  {self.label:<14} p50 {p50:8.3f} ms   p99 {p99:8.3f} ms   {rate:9.1f} /s"


def timed(label: str, call: Callable[[], object], count: int) -> Timings:
    seconds = []
    started = time.perf_counter()
    for _ in range(count):
        begin = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - begin)
    return Timings(label, seconds, time.perf_counter() - started)


def timed_concurrently(label: str, call: Callable[[], object], count: int, clients: int) -> Timings:
    def one(_: int) -> float:
        begin = time.perf_counter()
        call()
        return time.perf_counter() - begin

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        seconds = list(pool.map(one, range(count)))
    return Timings(label, seconds, time.perf_counter() - started)


def serve_in_subprocess(archive: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-only", str(archive)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # The server prints its URL once the model is loaded; wait for it, but not forever.
    ready, _, _ = select.select([process.stdout], [], [], READY_TIMEOUT_S)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("http://"):
        process.kill()
        raise SystemExit(f"endpoint for {archive} did not start (got {line!r})")
    return process, line.strip()


def bench(
    name: str, archive: Path, body: bytes, content_type: str, count: int, clients: int
) -> None:
    accept = "application/json"
    local = ServedModel(archive)
    try:
        h = local.handlers
        data = h.input_fn(body, content_type)
        expected = local.invoke(body, content_type, accept)[0]
        for _ in range(20):  # warm-up: first calls pay for lazy initialisation
            h.predict_fn(data, local.model)
        forward = timed("forward", lambda: h.predict_fn(data, local.model), count)
        handlers = timed("handlers", lambda: local.invoke(body, content_type, accept), count)
    finally:
        local.close()

    process, url = serve_in_subprocess(archive)
    try:

        def request() -> None:
            response = invoke(url, body, content_type, accept)
            if response.status != 200 or response.body != expected:
                raise SystemExit(
                    f"{name}: endpoint answered {response.status} {response.body[:200]!r}"
                )

        for _ in range(20):
            request()
        http = timed("http", request, count)
        parallel = timed_concurrently(f"http x{clients}", request, count, clients)
    finally:
        process.terminate()
        process.wait(timeout=30)

    print(f"{name}: {len(body)}-byte {content_type} request, {count} calls each")
    for timings in (forward, handlers, http, parallel):
        print(timings.line())
    overhead = statistics.median(http.seconds) - statistics.median(forward.seconds)
    print(f"  endpoint overhead over the forward pass at p50: {overhead * 1e3:.3f} ms")


def test_models(workdir: Path) -> list[tuple[str, Path, bytes, str]]:
    from endpoint.archives import build_sklearn_archive, build_torch_archive

    digits = build_sklearn_archive(workdir / "sklearn")
    mnist = build_torch_archive(workdir / "torch")
    return [
        ("sklearn digits (LogisticRegression)", digits.archive,
         json.dumps(digits.x_test[:1].tolist()).encode(), "application/json"),
        ("torch MNIST (TorchScript MLP)", mnist.archive,
         json.dumps(mnist.images[:1].tolist()).encode(), "application/json"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--archive", type=Path, help="a model.tar.gz to serve")
    parser.add_argument("--sample", type=Path, help="the request body for --archive")
    parser.add_argument("--content-type", help="default: from the sample's suffix")
    parser.add_argument("--requests", type=int, default=300, help="calls per measurement")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--serve-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve_only:  # the child process: serve, print the URL, wait for SIGTERM
        with sigterm_as_interrupt(), LocalEndpoint(args.serve_only, port=0) as endpoint:
            print(endpoint.url, flush=True)
            endpoint.wait()
        return

    if args.archive:
        if not args.sample:
            parser.error("--archive needs --sample")
        body, content_type = read_sample(args.sample, args.content_type)
        bench(args.archive.name, args.archive, body, content_type, args.requests, args.clients)
        return
    with tempfile.TemporaryDirectory(prefix="sagebridge-bench-") as workdir:
        for name, archive, body, content_type in test_models(Path(workdir)):
            bench(name, archive, body, content_type, args.requests, args.clients)


if __name__ == "__main__":
    main()
