"""Concurrent requests are served concurrently: a slow predict_fn does not queue the others.

The model here is hand-written: its predict_fn sleeps, standing in for a model's compute time,
so the test shows whether requests overlap (issue 9, item 9: p50 146 ms with 4 clients against
52 ms with 1, because every handler call took one lock).
"""

from __future__ import annotations

import json
import tarfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sagebridge.local.serve.client import invoke
from sagebridge.local.serve.server import LocalEndpoint

PREDICT_S = 0.5
CLIENTS = 4

SLOW_INFERENCE = f"""
import time


def model_fn(model_dir):
    return {{"scale": 2}}


def predict_fn(data, model):
    time.sleep({PREDICT_S})  # the model's compute time
    return data * model["scale"]
"""


def slow_archive(workdir: Path) -> Path:
    code = workdir / "model" / "code"
    code.mkdir(parents=True)
    (code / "inference.py").write_text(SLOW_INFERENCE)
    archive = workdir / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(code, arcname="code")
    return archive


def test_four_slow_requests_overlap(tmp_path: Path) -> None:
    with LocalEndpoint(slow_archive(tmp_path), port=0) as endpoint:

        def one(i: int) -> object:
            response = invoke(endpoint.url, json.dumps([[i, 1]]).encode(), "application/json")
            assert response.status == 200, response.body
            return json.loads(response.body)

        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = list(pool.map(one, range(CLIENTS)))
        took = time.monotonic() - began
    assert answers == [[[2 * i, 2]] for i in range(CLIENTS)]
    # One at a time would take CLIENTS x PREDICT_S = 2.0 s; together, about PREDICT_S.
    assert took < 3 * PREDICT_S, f"{CLIENTS} requests took {took:.2f} s"
