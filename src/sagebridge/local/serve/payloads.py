"""Request and response bodies for the local endpoint, as SageMaker's default handlers read them.

Server side, the codecs a model gets when its `inference.py` has no `input_fn`/`output_fn`:

    application/json   b"[[0.0, 1.5]]"       <-> array([[0. , 1.5]])
    text/csv           b"0.0,1.5\\n"          <-> array([[0. , 1.5]])
    application/x-npy  numpy.save(...) bytes <-> the saved array (never pickles)

Client side, `read_sample` turns a file into a request body for `sagebridge invoke`; a PNG of a
digit becomes a batch of one raw 28x28 image, grey levels 0..255 as MNIST stores them: the
generated input_fn applies the training script's own transform (scaling, normalisation) itself.

numpy is imported inside the functions that need it: the CLI imports this module to send JSON
or CSV samples without loading numpy, and the server process loads it on the first request.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebridge.contract import CONTENT_TYPES, DEFAULT_ACCEPT
from sagebridge.errors import UserError

if TYPE_CHECKING:
    import numpy as np

JSON, CSV, NPY = "application/json", "text/csv", "application/x-npy"
assert (JSON, CSV, NPY) == CONTENT_TYPES, "contract.CONTENT_TYPES changed: update the codecs"

SUFFIX_CONTENT_TYPES = {".json": JSON, ".csv": CSV, ".npy": NPY}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
IMAGE_SIZE = 28  # MNIST digits: 28x28 grey levels
_NUMERIC_KINDS = "biuf"  # numpy dtype kinds a model can take: bool, int, unsigned, float
# Deeper than any array a model takes (numpy stops at 64 dimensions), shallow enough that no
# decoder (json's, or a handler's own) runs out of recursion on it.
MAX_JSON_DEPTH = 100
NPY_MAGIC = b"\x93NUMPY"
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


class PayloadError(ValueError):
    """The request body can't be read as its content type says (the endpoint answers 400)."""


class UnsupportedMediaType(PayloadError):
    """A Content-Type outside the inference contract (415)."""


class NotAcceptable(PayloadError):
    """An Accept header naming no content type the endpoint can produce (406)."""


def media_type(header: str | None) -> str:
    """`Application/JSON; charset=utf-8` -> `application/json`."""
    return (header or "").split(";", 1)[0].strip().lower()


def request_content_type(header: str | None) -> str:
    content_type = media_type(header)
    if content_type not in CONTENT_TYPES:
        shown = content_type or "no Content-Type"
        raise UnsupportedMediaType(
            f"{shown} is not supported; send one of {', '.join(CONTENT_TYPES)}"
        )
    return content_type


def response_content_type(accept: str | None) -> str:
    """The first supported type an Accept header lists; the default for none or `*/*`."""
    offered = [media_type(part) for part in (accept or "").split(",") if media_type(part)]
    if not offered:
        return DEFAULT_ACCEPT
    for candidate in offered:
        if candidate in CONTENT_TYPES:
            return candidate
        if candidate in ("*/*", "application/*"):
            return DEFAULT_ACCEPT
    raise NotAcceptable(
        f"Accept {accept} names nothing this endpoint returns: {', '.join(CONTENT_TYPES)}"
    )


# ---- server: checks before any handler, default input_fn / output_fn --------------------------


def check_body(body: bytes, content_type: str) -> None:
    """Refuse bodies built to break a decoder, before any handler (the user's too) reads them.

    JSON nested deeper than MAX_JSON_DEPTH, and an .npy whose header is unreadable, names an
    object dtype, or declares more data than the body holds (np.load would allocate it first).
    """
    if content_type == JSON:
        _check_json_depth(body)
    elif content_type == NPY and body.startswith(NPY_MAGIC):
        _check_npy_header(body)


def _check_json_depth(body: bytes) -> None:
    brackets = _JSON_STRING.sub(b"", body).translate(None, delete=_NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= MAX_JSON_DEPTH:
        return  # too few to nest that deep: the usual case, at C speed
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise PayloadError(
                f"invalid JSON array: nested deeper than {MAX_JSON_DEPTH} levels; send rows of numbers"
            )


def _check_npy_header(body: bytes) -> None:
    """An .npy header numpy can read, of numbers, declaring no more data than the body holds."""
    from numpy.lib import format as npy_format

    stream = io.BytesIO(body)
    try:
        version = npy_format.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = npy_format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, _, dtype = npy_format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"format version {version[0]}.{version[1]}; numpy.save writes 1.0")
    except (ValueError, OSError, EOFError) as error:
        raise PayloadError(f"not a readable .npy array: {error}") from None
    if dtype.hasobject:
        raise PayloadError(
            "not a readable .npy array: Python objects would need pickle; send numbers"
        )
    declared = math.prod(shape) * dtype.itemsize
    held = len(body) - stream.tell()
    if declared > held:
        raise PayloadError(
            f"not a readable .npy array: its header declares {declared} bytes of {dtype}"
            f" {shape}, the body holds {held}"
        )


def decode(body: bytes, content_type: str) -> np.ndarray:
    """SageMaker's default input_fn: a numeric array from a JSON, CSV or NPY body."""
    import numpy as np

    if not body:
        raise PayloadError("empty request body")
    check_body(body, content_type)
    if content_type == JSON:
        try:
            array = np.asarray(json.loads(body))
        except (ValueError, RecursionError) as error:  # bad JSON, ragged lists, deep nesting
            raise PayloadError(f"invalid JSON array: {error}") from None
    elif content_type == CSV:
        array = _csv_rows(body)
    elif content_type == NPY:
        try:
            loaded = np.load(io.BytesIO(body), allow_pickle=False)
        except (ValueError, OSError, EOFError) as error:  # what np.load raises on bad bytes
            raise PayloadError(f"not a readable .npy array: {error}") from None
        if not isinstance(loaded, np.ndarray):
            raise PayloadError("an .npz archive is not an .npy array; send one array")
        array = loaded
    else:
        raise UnsupportedMediaType(f"{content_type} is not supported")
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise PayloadError(f"expected numbers, got {array.dtype} values")
    return array


def _csv_rows(body: bytes) -> np.ndarray:
    import numpy as np

    try:
        text = body.decode("utf-8")
        rows = [[float(cell) for cell in row] for row in csv.reader(io.StringIO(text)) if row]
    except (ValueError, csv.Error) as error:  # UnicodeDecodeError is a ValueError too
        raise PayloadError(f"invalid CSV: {error}") from None
    if not rows:
        raise PayloadError("CSV body has no rows")
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise PayloadError(f"CSV rows have different lengths: {sorted(widths)}")
    return np.asarray(rows, dtype=np.float64)


def encode(prediction: Any, accept: str) -> bytes:
    """SageMaker's default output_fn: arrays, tensors, lists or numbers as JSON, CSV or NPY."""
    import numpy as np

    if hasattr(prediction, "detach"):  # a torch tensor, converted without importing torch
        prediction = prediction.detach().cpu().numpy()
    array = np.asarray(prediction)
    if accept == JSON:
        return json.dumps(array.tolist()).encode()
    if accept == CSV:
        if array.ndim > 2:
            raise PayloadError(
                f"a {array.ndim}-d prediction has no CSV form; accept {JSON} or {NPY}"
            )
        rows = array.reshape(-1, 1) if array.ndim < 2 else array
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows.tolist())
        return text.getvalue().encode()
    if accept == NPY:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return buffer.getvalue()
    raise NotAcceptable(f"{accept} is not supported")


# ---- client: sample files for `sagebridge invoke` ----------------------------------------------


def read_sample(path: Path, content_type: str | None = None) -> tuple[bytes, str]:
    """The request body and Content-Type for a sample file (JSON, CSV, NPY or an image)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if suffix in IMAGE_SUFFIXES:
        chosen = content_type or JSON
        return _image_body(path, chosen), chosen
    chosen = content_type or SUFFIX_CONTENT_TYPES.get(suffix, "")
    if not chosen:
        known = ", ".join([*SUFFIX_CONTENT_TYPES, *IMAGE_SUFFIXES])
        raise UserError(f"{path}: unknown sample type; use one of {known} or pass --content-type")
    return path.read_bytes(), chosen


def image_pixels(path: Path) -> list[list[int]]:
    """A picture as IMAGE_SIZE rows of raw grey levels 0..255 (mode "L"), unscaled."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            grey = image.convert("L")
    except (UnidentifiedImageError, OSError) as error:
        raise UserError(f"{path}: not a readable image ({error})") from None
    if grey.size != (IMAGE_SIZE, IMAGE_SIZE):
        grey = grey.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BILINEAR)
    levels = grey.tobytes()  # mode "L": one byte per pixel, row by row
    return [list(levels[row * IMAGE_SIZE : (row + 1) * IMAGE_SIZE]) for row in range(IMAGE_SIZE)]


def _image_body(path: Path, content_type: str) -> bytes:
    pixels = image_pixels(path)
    if content_type == JSON:
        return json.dumps([pixels]).encode()  # a batch of one (28, 28) image
    if content_type == CSV:
        return (",".join(str(value) for row in pixels for value in row) + "\n").encode()
    if content_type == NPY:
        import numpy as np

        buffer = io.BytesIO()
        np.save(buffer, np.asarray([pixels], dtype=np.uint8), allow_pickle=False)
        return buffer.getvalue()
    raise UserError(
        f"{path}: an image can be sent as {', '.join(CONTENT_TYPES)}, not {content_type}"
    )
