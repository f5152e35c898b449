"""SageMaker inference handlers for ec2-mnist's Net.

`model.tar.gz` holds the model files at its root and this file as
`code/inference.py`. The serving container calls
model_fn once, then input_fn -> predict_fn -> output_fn for each request.

Input: raw MNIST images as the dataset stores them, whole grey levels 0 to 255:
one image `(28, 28)`, a batch `(n, 28, 28)` or `(n, 1, 28, 28)`, or rows of 784 values.
input_fn applies the training script's own test transform to each image, as torchvision's
MNIST does (a greyscale PIL image in, the model's input out),
    `transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])`
so send images before any scaling or normalisation; other values are refused (400).
Output: the model's outputs, one row per example. As JSON,
`{"predictions": [[...outputs...]], "classes": [...]}` where each class is the index of the
example's highest output (the rule evaluate.py scores accuracy with); CSV and NPY carry the
outputs only.
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

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms


# ---- the model, as defined in train.py:30


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        # 64 channels * 12 * 12 after two 3x3 convs and one 2x2 pool on 28x28
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


# ---- the transform train.py:122 applies to its test set

TEST_TRANSFORM = transforms.Compose(
    [
        transforms.ToTensor(),
        # mean / std of the MNIST training images
        transforms.Normalize((0.1307,), (0.3081,)),
    ]
)


JSON, CSV, NPY = ['application/json', 'text/csv', 'application/x-npy']
CONTENT_TYPES = (JSON, CSV, NPY)
DEFAULT_ACCEPT = 'application/json'
TORCHSCRIPT_FILE = 'model.pt'
STATE_DICT_FILE = 'model.pth'
IMAGE_SHAPE = (28, 28)  # one raw image, as MNIST stores it
PIXEL_MAX = 255  # grey levels are unsigned bytes


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
    """TorchScript first (no class needed), the state_dict in the embedded class second."""
    script_path = os.path.join(model_dir, TORCHSCRIPT_FILE)
    state_path = os.path.join(model_dir, STATE_DICT_FILE)
    if os.path.isfile(script_path):
        model = torch.jit.load(script_path, map_location="cpu")
    elif os.path.isfile(state_path):
        model = Net()
        model.load_state_dict(torch.load(state_path, map_location="cpu", weights_only=True))
    else:
        raise FileNotFoundError(f"neither {TORCHSCRIPT_FILE} nor {STATE_DICT_FILE} in {model_dir}")
    model.eval()
    return model


# ---- input_fn --------------------------------------------------------------------------------


def input_fn(request_body, request_content_type):
    """The request body's raw images through TEST_TRANSFORM, stacked into the model's batch."""
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
    images = _images(array)
    _check_grey_levels(images)
    # torchvision's MNIST hands each image to the transform as a greyscale PIL image.
    return torch.stack(
        [TEST_TRANSFORM(Image.fromarray(image, mode="L")) for image in images.astype(np.uint8)]
    )


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


def _images(array):
    """(n, *IMAGE_SHAPE) from one image, a batch, a batch with one channel, or flat rows."""
    size = int(np.prod(IMAGE_SHAPE))
    if array.shape == IMAGE_SHAPE:
        images = array[np.newaxis]
    elif array.ndim == len(IMAGE_SHAPE) + 1 and array.shape[1:] == IMAGE_SHAPE:
        images = array
    elif array.ndim == len(IMAGE_SHAPE) + 2 and array.shape[1:] == (1, *IMAGE_SHAPE):
        images = array[:, 0]
    elif array.ndim == 2 and array.shape[1] == size:
        images = array.reshape((-1, *IMAGE_SHAPE))
    elif array.ndim == 1 and array.shape[0] == size:
        images = array.reshape((1, *IMAGE_SHAPE))
    else:
        shape = ", ".join(map(str, IMAGE_SHAPE))
        raise PayloadError(
            f"input of shape {array.shape}: expected one image ({shape}), a batch (n, {shape}) "
            f"or (n, 1, {shape}), or rows of {size} values"
        )
    if len(images) == 0:
        raise PayloadError("the batch holds no images")
    return images


def _check_grey_levels(images):
    """Raw images hold whole grey levels 0..PIXEL_MAX; anything else was scaled or normalised."""
    hint = (
        f"send raw images, whole grey levels 0 to {PIXEL_MAX}: the endpoint applies the "
        "training script's transform itself"
    )
    if not np.isfinite(images).all():
        raise PayloadError(f"pixel values must be finite numbers; {hint}")
    low, high = float(images.min()), float(images.max())
    if low < 0 or high > PIXEL_MAX:
        raise PayloadError(f"pixel values run from {low:g} to {high:g}; {hint}")
    fractional = images[images != np.round(images)]
    if fractional.size:
        raise PayloadError(f"pixel value {float(fractional[0]):g} is not a whole number; {hint}")


# ---- predict_fn ------------------------------------------------------------------------------


def predict_fn(input_data, model):
    with torch.no_grad():
        return model(torch.as_tensor(input_data)).numpy()


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
        # Each example's class is its highest output, the rule evaluate.py scores accuracy with.
        classes = array.reshape(len(array), -1).argmax(axis=1)
        return json.dumps({"predictions": array.tolist(), "classes": classes.tolist()}), chosen
    if chosen == CSV:
        rows = array.reshape(len(array), -1) if array.ndim else array.reshape(1, 1)
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows.tolist())
        return text.getvalue(), chosen
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue(), chosen
