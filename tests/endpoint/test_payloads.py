"""The endpoint's default codecs and `invoke`'s sample reading, on real bytes and real images."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from endpoint.archives import TorchMnist
from sagebridge.errors import UserError
from sagebridge.local.serve import payloads
from sagebridge.local.serve.payloads import CSV, JSON, NPY, NotAcceptable, PayloadError


@pytest.mark.parametrize(
    "array",
    [
        np.arange(6, dtype=np.float64).reshape(2, 3) / 4,
        np.arange(4, dtype=np.int64).reshape(4, 1),
        np.zeros((2, 1, 28, 28), dtype=np.float32),
    ],
)
def test_npy_and_json_round_trip(array: np.ndarray) -> None:
    for content_type in (JSON, NPY):
        decoded = payloads.decode(payloads.encode(array, content_type), content_type)
        np.testing.assert_array_equal(decoded, array)
    assert payloads.decode(payloads.encode(array, NPY), NPY).dtype == array.dtype


def test_csv_reads_rows_and_writes_one_value_per_line_for_1d() -> None:
    decoded = payloads.decode(b"1,2.5\n3,4\n\n", CSV)
    np.testing.assert_array_equal(decoded, [[1.0, 2.5], [3.0, 4.0]])
    assert payloads.encode(np.array([3, 1]), CSV) == b"3\n1\n"
    assert payloads.encode(np.array([[0.5, 1.0]]), CSV) == b"0.5,1.0\n"
    assert payloads.encode(np.float32(2.0), CSV) == b"2.0\n"
    with pytest.raises(PayloadError, match="3-d prediction has no CSV form"):
        payloads.encode(np.zeros((1, 2, 2)), CSV)


def test_encode_takes_lists_numbers_and_tensor_like_objects() -> None:
    torch = pytest.importorskip("torch")
    assert payloads.encode([1, 2], JSON) == b"[1, 2]"
    assert payloads.encode(7, JSON) == b"7"
    tensor = torch.tensor([[0.25, 0.5]], requires_grad=True) * 2
    assert json.loads(payloads.encode(tensor, JSON)) == [[0.5, 1.0]]


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"{", JSON, "invalid JSON array"),
        (b"[" * 100_000, JSON, "invalid JSON array"),
        (b'{"a": 1}', JSON, "expected numbers"),
        (b"true, 1", CSV, "invalid CSV"),
        (b"\n\n", CSV, "CSV body has no rows"),
        (b"\x93NUMPY garbage", NPY, "not a readable .npy array"),
    ],
)
def test_decode_rejects_bad_bodies_as_value_errors(
    body: bytes, content_type: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        payloads.decode(body, content_type)


def test_decode_never_unpickles() -> None:
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(PayloadError, match="not a readable .npy array"):
        payloads.decode(buffer.getvalue(), NPY)


def test_npz_archives_are_refused() -> None:
    buffer = io.BytesIO()
    np.savez(buffer, a=np.zeros(2))
    with pytest.raises(PayloadError, match="an .npz archive is not an .npy array"):
        payloads.decode(buffer.getvalue(), NPY)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("text/csv", CSV),
        ("Application/X-NPY; q=1", NPY),
        ("text/html, text/csv", CSV),
        ("text/html, */*", JSON),
    ],
)
def test_accept_negotiation(accept: str | None, chosen: str) -> None:
    assert payloads.response_content_type(accept) == chosen


def test_unknown_accept_and_content_type_are_refused() -> None:
    with pytest.raises(NotAcceptable):
        payloads.response_content_type("text/html")
    assert payloads.request_content_type("application/json; charset=utf-8") == JSON
    with pytest.raises(payloads.UnsupportedMediaType, match="image/png"):
        payloads.request_content_type("image/png")


# ---- samples for `sagebridge invoke` ----------------------------------------------------------


@pytest.fixture
def digit(tmp_path: Path, torch_mnist: TorchMnist) -> tuple[Path, np.ndarray]:
    """A real MNIST test digit saved as PNG, and its raw grey levels (uint8, as MNIST stores them)."""
    levels = torch_mnist.images[0]
    path = tmp_path / "digit.png"
    Image.fromarray(levels).save(path)
    return path, levels


def test_png_sample_is_a_batch_of_one_raw_image(digit: tuple[Path, np.ndarray]) -> None:
    """The PNG's exact grey levels 0..255, unscaled: the endpoint applies the model's transform."""
    path, expected = digit
    assert expected.dtype == np.uint8 and expected.max() > 1  # a real digit, not blank
    body, content_type = payloads.read_sample(path)
    assert content_type == JSON
    document = json.loads(body)
    assert all(isinstance(value, int) for value in document[0][0])  # whole numbers, not floats
    batch = np.asarray(document)
    assert batch.shape == (1, 28, 28)
    np.testing.assert_array_equal(batch[0], expected)

    npy_body, _ = payloads.read_sample(path, NPY)
    as_npy = np.load(io.BytesIO(npy_body))
    assert as_npy.dtype == np.uint8 and as_npy.shape == (1, 28, 28)
    np.testing.assert_array_equal(as_npy[0], expected)

    csv_body, _ = payloads.read_sample(path, CSV)
    assert csv_body.count(b"\n") == 1 and b"." not in csv_body  # one row of integers
    np.testing.assert_array_equal(
        np.loadtxt(io.BytesIO(csv_body), delimiter=",", dtype=np.int64), expected.ravel()
    )


def test_larger_colour_images_become_28x28_grey(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    image = Image.new("RGB", (56, 56), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 28, 56))  # left half black, right half white
    image.save(path)
    batch = np.asarray(json.loads(payloads.read_sample(path)[0]))
    assert batch.shape == (1, 28, 28)
    # Bilinear resizing blends the two columns at the edge; the rest keep their exact levels.
    np.testing.assert_array_equal(batch[0, :, :13], 0)
    np.testing.assert_array_equal(batch[0, :, 15:], 255)


def test_sample_files_go_as_they_are(tmp_path: Path) -> None:
    sample = tmp_path / "rows.csv"
    sample.write_bytes(b"1,2\n")
    assert payloads.read_sample(sample) == (b"1,2\n", CSV)
    assert payloads.read_sample(sample, "application/json") == (b"1,2\n", JSON)
    odd = tmp_path / "rows.txt"
    odd.write_text("1")
    with pytest.raises(UserError, match="unknown sample type"):
        payloads.read_sample(odd)
    with pytest.raises(UserError, match="no such file"):
        payloads.read_sample(tmp_path / "absent.json")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    with pytest.raises(UserError, match="not a readable image"):
        payloads.read_sample(broken)


def test_cli_and_endpoint_modules_import_neither_numpy_nor_torch() -> None:
    code = (
        "import sys, sagebridge.cli, sagebridge.local.serve.commands, sagebridge.local.registry;"
        "print(sorted(m for m in ('numpy', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
