"""SageMaker inference handlers for sklearn-digits's RandomForestClassifier.

`model.tar.gz` holds the model files at its root and this file as
`code/inference.py`. The serving container calls
model_fn once, then input_fn -> predict_fn -> output_fn for each request.

Input: rows of feature values in the column order the model was trained with.
Output: the model's predictions, one per row.
Content types in and out: application/json, text/csv, application/x-npy.

Bad requests raise PayloadError (a ValueError): UnsupportedMediaType for an unknown
Content-Type, NotAcceptable for an unknown Accept, PayloadError itself for a body that can't be
read or has the wrong shape or type. Each carries the HTTP status a server should answer with.
"""

# The container's Python may be older than this machine's: annotations stay unevaluated.
from __future__ import annotations

import csv
import io
import json
import os

import joblib
import numpy as np


JSON, CSV, NPY = ['application/json', 'text/csv', 'application/x-npy']
CONTENT_TYPES = (JSON, CSV, NPY)
DEFAULT_ACCEPT = 'application/json'
MODEL_FILE = 'model.joblib'


class PayloadError(ValueError):
    """The request body can't be used as the model's input (HTTP 400)."""

    status = 400


class UnsupportedMediaType(PayloadError):
    """A Content-Type this endpoint does not read (HTTP 415)."""

    status = 415


class NotAcceptable(PayloadError):
    """An Accept header naming nothing this endpoint writes (HTTP 406)."""

    status = 406


def _media_type(header):
    return (header or "").split(";", 1)[0].strip().lower()


# ---- model_fn --------------------------------------------------------------------------------


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, MODEL_FILE))


# ---- input_fn --------------------------------------------------------------------------------


def input_fn(request_body, request_content_type):
    """The request body as a float32 array of model inputs."""
    content_type = _media_type(request_content_type)
    if content_type not in CONTENT_TYPES:
        raise UnsupportedMediaType(
            f"Content-Type {request_content_type!r} is not supported; send one of {', '.join(CONTENT_TYPES)}"
        )
    body = request_body.encode("utf-8") if isinstance(request_body, str) else bytes(request_body)
    if content_type == JSON:
        array = _from_json(body)
    elif content_type == CSV:
        array = _from_csv(body)
    else:
        array = _from_npy(body)
    if array.dtype.kind not in "iuf":
        raise PayloadError(f"values must be numbers, got an array of {array.dtype}")
    return _shaped(array.astype(np.float32))


def _from_json(body):
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PayloadError(f"invalid JSON: {error}") from error
    if isinstance(document, dict):
        if "instances" not in document:
            raise PayloadError('a JSON object needs an "instances" list')
        document = document["instances"]
    if not isinstance(document, list) or not document:
        raise PayloadError("JSON input must be a non-empty list of examples")
    try:
        return np.asarray(document)
    except ValueError as error:  # ragged nesting
        raise PayloadError(f"JSON input is not a rectangular array: {error}") from error


def _from_csv(body):
    try:
        rows = [row for row in csv.reader(io.StringIO(body.decode("utf-8"))) if row]
        values = [[float(cell) for cell in row] for row in rows]
    except (UnicodeDecodeError, ValueError) as error:
        raise PayloadError(f"CSV input must be rows of numbers: {error}") from error
    if not values or len({len(row) for row in values}) != 1:
        raise PayloadError("CSV input must be non-empty rows of equal length")
    return np.asarray(values)


def _from_npy(body):
    try:
        return np.load(io.BytesIO(body), allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise PayloadError(f"invalid .npy payload: {error}") from error


def _shaped(array):
    """(n, features) rows; one example may come as a flat list."""
    if array.ndim == 1:
        return array[np.newaxis]
    if array.ndim != 2:
        raise PayloadError(f"input of shape {array.shape}: expected rows of feature values")
    return array


def _check_features(array, expected):
    if array.shape[1] != expected:
        raise PayloadError(f"rows have {array.shape[1]} values, the model takes {expected}")


# ---- predict_fn ------------------------------------------------------------------------------


def predict_fn(input_data, model):
    _check_features(input_data, model.n_features_in_)
    return model.predict(input_data)


# ---- output_fn -------------------------------------------------------------------------------


def output_fn(prediction, accept):
    """Predictions in the first content type the Accept header lists that we can write."""
    offered = [_media_type(part) for part in (accept or "").split(",") if _media_type(part)]
    chosen = None
    for candidate in offered or [DEFAULT_ACCEPT]:
        if candidate in CONTENT_TYPES:
            chosen = candidate
            break
        if candidate in ("*/*", "application/*"):
            chosen = DEFAULT_ACCEPT
            break
    if chosen is None:
        raise NotAcceptable(f"Accept {accept!r}: this endpoint writes {', '.join(CONTENT_TYPES)}")
    array = np.asarray(prediction)
    if chosen == JSON:
        return json.dumps({"predictions": array.tolist()}), chosen
    if chosen == CSV:
        rows = array.reshape(len(array), -1) if array.ndim else array.reshape(1, 1)
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows.tolist())
        return text.getvalue(), chosen
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue(), chosen
