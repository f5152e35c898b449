"""Hostile request bodies get a 4xx with a message, and the endpoint keeps serving (issue 9, item 9).

Two endpoints: the scikit-learn one uses the default codecs (`payloads.decode`); the PyTorch one
has its own input_fn that calls json.loads/np.load and catches nothing, as user code may, so the
server's own checks are what stand between a crafted body and a 500.
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterator

import numpy as np
import pytest

from endpoint.archives import SklearnDigits, TorchMnist
from sagebridge.local.serve import payloads
from sagebridge.local.serve.client import invoke, ping
from sagebridge.local.serve.payloads import CSV, JSON, NPY, PayloadError
from sagebridge.local.serve.server import LocalEndpoint


def npy_with_header(header: str, data: bytes = b"\0" * 16) -> bytes:
    """An .npy (format 1.0) with a hand-written header, as np.save would frame it."""
    text = header.encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data


DEEP_JSON = b"[" * 5000 + b"1" + b"]" * 5000
HUGE_NPY = npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }")
HOSTILE = [
    pytest.param(DEEP_JSON, JSON, "nested deeper than", id="json-5000-deep"),
    pytest.param(
        b'{"a":' * 3000 + b"1" + b"}" * 3000, JSON, "nested deeper than", id="json-objects"
    ),
    pytest.param(HUGE_NPY, NPY, "declares 800000000000 bytes", id="npy-745-GiB-header"),
    pytest.param(
        npy_with_header("{'descr': '<f8', 'fortran_order': True, 'shape': (100000000000, 2), }"),
        NPY,
        "declares 1600000000000 bytes",
        id="npy-fortran-header",
    ),
    pytest.param(
        npy_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"),
        NPY,
        "object",
        id="npy-object-dtype",
    ),
    pytest.param(
        npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (10**9,), }"),
        NPY,
        "not a readable .npy array",
        id="npy-expression-in-header",
    ),
    pytest.param(b"\x93NUMPY\x09\x00\x10\x00", NPY, "not a readable .npy array", id="npy-version"),
]


@pytest.fixture(scope="module")
def sklearn_endpoint(sklearn_digits: SklearnDigits) -> Iterator[LocalEndpoint]:
    with LocalEndpoint(sklearn_digits.archive, port=0) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def torch_endpoint(torch_mnist: TorchMnist) -> Iterator[LocalEndpoint]:
    with LocalEndpoint(torch_mnist.archive, port=0) as endpoint:
        yield endpoint


def assert_refused(endpoint: LocalEndpoint, body: bytes, content_type: str, message: str) -> None:
    response = invoke(endpoint.url, body, content_type)
    assert 400 <= response.status < 500, (response.status, response.body[:300])
    assert message in json.loads(response.body)["message"]
    assert ping(endpoint.url)


@pytest.mark.parametrize(("body", "content_type", "message"), HOSTILE)
def test_default_codecs_refuse_hostile_bodies(
    sklearn_endpoint: LocalEndpoint, body: bytes, content_type: str, message: str
) -> None:
    assert_refused(sklearn_endpoint, body, content_type, message)


@pytest.mark.parametrize(("body", "content_type", "message"), HOSTILE)
def test_hostile_bodies_never_reach_a_users_input_fn(
    torch_endpoint: LocalEndpoint, body: bytes, content_type: str, message: str
) -> None:
    assert_refused(torch_endpoint, body, content_type, message)


def test_csv_field_over_the_csv_modules_limit_is_a_400(sklearn_endpoint: LocalEndpoint) -> None:
    assert_refused(sklearn_endpoint, b"1," + b"1" * 200_000 + b"\n", CSV, "invalid CSV")


def test_a_short_npy_body_is_refused_before_numpy_allocates() -> None:
    with pytest.raises(PayloadError, match=r"declares 800000000000 bytes .* holds 16"):
        payloads.decode(HUGE_NPY, NPY)


def test_well_formed_bodies_still_pass_the_checks() -> None:
    array = np.arange(12, dtype=np.float32).reshape(3, 4)
    buffer = io.BytesIO()
    np.save(buffer, array)
    np.testing.assert_array_equal(payloads.decode(buffer.getvalue(), NPY), array)
    fortran = io.BytesIO()
    np.save(fortran, np.asfortranarray(array))
    np.testing.assert_array_equal(payloads.decode(fortran.getvalue(), NPY), array)
    nested = json.dumps({"instances": [[[[1, 2]]]], "note": '[[[[ a quote " inside ]]'}).encode()
    payloads.check_body(nested, JSON)  # brackets inside strings don't count
    deep_but_fine = b"[" * payloads.MAX_JSON_DEPTH + b"1" + b"]" * payloads.MAX_JSON_DEPTH
    payloads.check_body(deep_but_fine, JSON)
    with pytest.raises(PayloadError, match="nested deeper than"):
        payloads.check_body(b"[" + deep_but_fine + b"]", JSON)
