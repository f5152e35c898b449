"""The local endpoint over real HTTP on 127.0.0.1, serving real trained models.

Each endpoint runs in a background thread of the test process on a free port (port 0) and is
reached through sockets, exactly as a client would reach `sagebridge serve`.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

from endpoint.archives import (
    SklearnDigits,
    TorchMnist,
    build_sklearn_archive,
    build_torch_archive,
    model_folder,
    normalised,
    torch_logits,
)
from sagebridge.errors import UserError
from sagebridge.local.serve.client import Response, invoke, ping
from sagebridge.local.serve.server import MAX_BODY_BYTES, LocalEndpoint

JSON, CSV, NPY = "application/json", "text/csv", "application/x-npy"


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def csv_bytes(rows: np.ndarray) -> bytes:
    return "".join(",".join(repr(float(v)) for v in row) + "\n" for row in rows).encode()


def body_as(rows: np.ndarray, content_type: str) -> bytes:
    if content_type == JSON:
        return json.dumps(rows.tolist()).encode()
    if content_type == CSV:
        return csv_bytes(rows)
    return npy_bytes(rows)


def error_message(response: Response) -> str:
    assert response.content_type == JSON
    document = json.loads(response.body)
    assert document["code"] == response.status
    return str(document["message"])


def raw_request(url: str, payload: bytes) -> tuple[int, dict[str, object]]:
    """Send bytes as they are (malformed requests urllib won't write) and read the reply."""
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1" and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(payload)
        connection.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    return status, json.loads(body)


@pytest.fixture(scope="module")
def sklearn_endpoint(sklearn_digits: SklearnDigits) -> Iterator[LocalEndpoint]:
    with LocalEndpoint(sklearn_digits.archive, port=0) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def torch_endpoint(torch_mnist: TorchMnist) -> Iterator[LocalEndpoint]:
    with LocalEndpoint(torch_mnist.archive, port=0) as endpoint:
        yield endpoint


# ---- scikit-learn, default input_fn/output_fn -------------------------------------------------


@pytest.mark.parametrize("content_type", [JSON, CSV, NPY])
@pytest.mark.parametrize("accept", [JSON, CSV, NPY])
def test_sklearn_predictions_over_http_equal_predict(
    sklearn_endpoint: LocalEndpoint, sklearn_digits: SklearnDigits, content_type: str, accept: str
) -> None:
    rows = sklearn_digits.x_test
    response = invoke(sklearn_endpoint.url, body_as(rows, content_type), content_type, accept)
    assert response.status == 200, response.body
    assert response.content_type == accept
    if accept == JSON:
        labels = np.asarray(json.loads(response.body))
    elif accept == CSV:
        labels = np.asarray([int(line) for line in response.body.decode().splitlines()])
    else:
        labels = np.load(io.BytesIO(response.body))
    assert labels.tolist() == sklearn_digits.model.predict(rows).tolist()


def test_default_accept_is_json_and_extraction_is_fresh(
    sklearn_endpoint: LocalEndpoint, sklearn_digits: SklearnDigits
) -> None:
    rows = sklearn_digits.x_test[:3]
    response = invoke(sklearn_endpoint.url, body_as(rows, JSON), JSON, accept="*/*")
    assert response.content_type == JSON
    assert json.loads(response.body) == sklearn_digits.model.predict(rows).tolist()
    model_dir = sklearn_endpoint.model_dir
    assert (model_dir / "code" / "inference.py").is_file()
    assert sklearn_digits.archive.parent not in model_dir.parents
    assert sklearn_endpoint.handlers == ("model_fn", "predict_fn")


@pytest.mark.parametrize(
    ("body", "content_type", "accept", "status", "message"),
    [
        (b"[[1, 2", JSON, JSON, 400, "invalid JSON array"),
        (b"[[1, 2], [3]]", JSON, JSON, 400, "invalid JSON array"),
        (b'[["a", "b"]]', JSON, JSON, 400, "expected numbers"),
        (b"[[1, 2, 3]]", JSON, JSON, 400, "expected rows of 64 pixel values, got shape (1, 3)"),
        (b"", JSON, JSON, 400, "empty request body"),
        (b"1,2\n3\n", CSV, JSON, 400, "CSV rows have different lengths"),
        (b"1,x\n", CSV, JSON, 400, "invalid CSV"),
        (b"\xff\xfe", CSV, JSON, 400, "invalid CSV"),
        (b"not an npy file", NPY, JSON, 400, "not a readable .npy array"),
        (b"[[1]]", "image/png", JSON, 415, "image/png is not supported"),
        (b"[[1]]", "", JSON, 415, "no Content-Type is not supported"),
        (b"[[1]]", JSON, "text/html", 406, "names nothing this endpoint returns"),
    ],
)
def test_bad_payloads_get_4xx_with_a_message_and_serving_goes_on(
    sklearn_endpoint: LocalEndpoint,
    body: bytes,
    content_type: str,
    accept: str,
    status: int,
    message: str,
) -> None:
    response = invoke(sklearn_endpoint.url, body, content_type, accept)
    assert response.status == status
    assert message in error_message(response)
    assert ping(sklearn_endpoint.url)


def test_oversized_body_gets_413(
    sklearn_endpoint: LocalEndpoint, sklearn_digits: SklearnDigits
) -> None:
    response = invoke(sklearn_endpoint.url, b"0" * (MAX_BODY_BYTES + 1), CSV)
    assert response.status == 413
    assert f"over the {MAX_BODY_BYTES}-byte limit" in error_message(response)
    assert ping(sklearn_endpoint.url)
    rows = sklearn_digits.x_test[:2]
    after = invoke(sklearn_endpoint.url, body_as(rows, JSON), JSON)
    assert json.loads(after.body) == sklearn_digits.model.predict(rows).tolist()


@pytest.mark.parametrize(
    ("request_bytes", "status", "message"),
    [
        (b"HELLO\r\n\r\n", 400, "Bad request"),
        (b"POST /invocations HTTP/1.1\r\nContent-Type: text/csv\r\n\r\n", 411, "Content-Length"),
        (
            b"POST /invocations HTTP/1.1\r\nContent-Length: many\r\n\r\n",
            400,
            "invalid Content-Length 'many'",
        ),
        (
            b"POST /invocations HTTP/1.1\r\nContent-Length: 100\r\nContent-Type: text/csv\r\n\r\n1,2",
            400,
            "body ended after 3 of 100 bytes",
        ),
        (
            b"POST /invocations HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n1,2\r\n0\r\n\r\n",
            411,
            "Content-Length",
        ),
        (b"GET /nowhere HTTP/1.1\r\n\r\n", 404, "no route /nowhere"),
        (b"GET /invocations HTTP/1.1\r\n\r\n", 405, "use POST"),
        (b"PUT /invocations HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405, "POST /invocations"),
        (b"POST /ping HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 404, "POST to /invocations"),
    ],
)
def test_malformed_requests_get_json_4xx(
    sklearn_endpoint: LocalEndpoint, request_bytes: bytes, status: int, message: str
) -> None:
    got_status, document = raw_request(sklearn_endpoint.url, request_bytes)
    assert (got_status, document["code"]) == (status, status)
    assert message in str(document["message"])
    assert ping(sklearn_endpoint.url)


def test_concurrent_requests_each_get_their_own_answer(
    sklearn_endpoint: LocalEndpoint, sklearn_digits: SklearnDigits
) -> None:
    rows = sklearn_digits.x_test

    def one(i: int) -> list[int]:
        return list(
            json.loads(invoke(sklearn_endpoint.url, body_as(rows[i : i + 1], JSON), JSON).body)
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(one, range(len(rows))))
    assert [a[0] for a in answers] == sklearn_digits.model.predict(rows).tolist()


# ---- other handler styles and broken archives -------------------------------------------------


def test_handler_bug_gets_500_with_its_message_and_serving_goes_on(workdir: Path) -> None:
    digits = build_sklearn_archive(workdir / "buggy", inference="buggy")
    with LocalEndpoint(digits.archive, port=0) as endpoint:
        response = invoke(endpoint.url, body_as(digits.x_test[:2], JSON), JSON)
        assert response.status == 500
        assert "AttributeError" in error_message(response)
        assert "predict_labels" in error_message(response)
        rejected = invoke(endpoint.url, b"[1, 2]", JSON)
        assert rejected.status == 400 and "expected a 2-D batch" in error_message(rejected)
        assert ping(endpoint.url)


def test_transform_fn_style(workdir: Path) -> None:
    digits = build_sklearn_archive(workdir / "transform", inference="transform")
    with LocalEndpoint(digits.archive, port=0) as endpoint:
        assert endpoint.handlers == ("model_fn", "transform_fn")
        response = invoke(endpoint.url, body_as(digits.x_test, JSON), JSON)
        assert response.status == 200 and response.content_type == JSON
        assert json.loads(response.body) == {"labels": digits.model.predict(digits.x_test).tolist()}
        refused = invoke(endpoint.url, csv_bytes(digits.x_test), CSV)
        assert refused.status == 415 and "reads JSON, not text/csv" in error_message(refused)


def test_mixing_transform_fn_with_other_handlers_is_refused(workdir: Path) -> None:
    digits = build_sklearn_archive(workdir / "mixed", inference="mixed")
    with pytest.raises(UserError, match="defines transform_fn and predict_fn"):
        LocalEndpoint(digits.archive, port=0).start()


def test_archive_packed_from_the_parent_folder_is_explained(workdir: Path) -> None:
    import tarfile

    folder = model_folder(workdir / "nested", "mixed")
    archive = workdir / "nested" / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="model")  # the classic mistake: model/code/inference.py
    with pytest.raises(UserError, match="build the archive from inside the model folder"):
        LocalEndpoint(archive, port=0).start()


def test_endpoint_cleans_up_its_extraction_folder(sklearn_digits: SklearnDigits) -> None:
    endpoint = LocalEndpoint(sklearn_digits.archive, port=0).start()
    model_dir = endpoint.model_dir
    url = endpoint.url
    assert ping(url)
    endpoint.stop()
    assert not model_dir.exists()
    assert not ping(url, timeout=2)


# ---- PyTorch ----------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [JSON, CSV, NPY])
def test_torch_predictions_over_http_equal_the_forward_pass(
    torch_endpoint: LocalEndpoint, torch_mnist: TorchMnist, content_type: str
) -> None:
    images = torch_mnist.images
    expected = torch_logits(torch_mnist.model, images)
    body = body_as(images.reshape(len(images), -1), content_type)
    as_json = invoke(torch_endpoint.url, body, content_type, JSON)
    assert as_json.status == 200, as_json.body
    document = json.loads(as_json.body)
    assert document["predictions"] == expected.argmax(axis=1).tolist()
    np.testing.assert_allclose(np.asarray(document["logits"]), expected, rtol=1e-5, atol=1e-5)
    as_npy = invoke(torch_endpoint.url, body, content_type, NPY)
    np.testing.assert_allclose(np.load(io.BytesIO(as_npy.body)), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"{not json", JSON, "Expecting property name"),
        (b"[[0.5, 0.5, 0.5]]", JSON, "expected a batch of 28x28 images, got shape (1, 3)"),
        (b"0.1,0.2\n", CSV, "expected a batch of 28x28 images"),
    ],
)
def test_torch_bad_payloads_get_400(
    torch_endpoint: LocalEndpoint, body: bytes, content_type: str, message: str
) -> None:
    response = invoke(torch_endpoint.url, body, content_type)
    assert response.status == 400
    assert message in error_message(response)
    assert ping(torch_endpoint.url)


def test_torchscript_without_inference_code_uses_the_pytorch_defaults(workdir: Path) -> None:
    """No code/ folder: jit-load model.pt, forward pass without grad, default codecs."""
    mnist = build_torch_archive(workdir / "bare", inference=None, n_train=200, n_test=8)
    with LocalEndpoint(mnist.archive, port=0) as endpoint:
        assert endpoint.handlers == ()
        response = invoke(endpoint.url, npy_bytes(normalised(mnist.images)), NPY, NPY)
        assert response.status == 200
        np.testing.assert_allclose(
            np.load(io.BytesIO(response.body)), torch_logits(mnist.model, mnist.images), atol=1e-5
        )


def test_http_client_library_sees_a_well_formed_ping(torch_endpoint: LocalEndpoint) -> None:
    parts = urlsplit(torch_endpoint.url)
    assert parts.hostname is not None and parts.port is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/ping")
    reply = connection.getresponse()
    assert reply.status == 200
    assert json.loads(reply.read()) == {"status": "Healthy"}
    connection.close()
