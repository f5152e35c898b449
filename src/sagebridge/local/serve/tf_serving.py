"""A SavedModel served as SageMaker's TensorFlow Serving container serves it (no inference.py).

The container loads the newest numbered version folder under the model root (`1/`, `2/`...)
and forwards each request to TF Serving's REST predict API:

    application/json  {"instances": [[...], [...]]}  ->  {"predictions": [[...], [...]]}
                      {"inputs": [[...]]}             ->  {"outputs": [[...]]}
    text/csv          one instance per row            ->  {"predictions": [...]}

Instances are a list of inputs (one input) or of {input name: value} objects (several). The
signature called is `serving_default`, as TF Serving calls it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.local.serve import payloads

SIGNATURE = "serving_default"
SAVED_MODEL_FILE = "saved_model.pb"


def version_dir(model_dir: Path) -> Path | None:
    """The newest numbered folder holding a SavedModel, as TF Serving picks it; else None."""
    versions = [
        path
        for path in model_dir.iterdir()
        if path.is_dir() and path.name.isdigit() and (path / SAVED_MODEL_FILE).is_file()
    ]
    return max(versions, key=lambda path: int(path.name)) if versions else None


class SavedModelSignature:
    """The `serving_default` function of a SavedModel, with its input names and dtypes."""

    def __init__(self, folder: Path) -> None:
        import tensorflow as tf  # only in the serving process, only for a SavedModel

        self._tf = tf
        self._loaded = tf.saved_model.load(str(folder))  # the signature needs it kept alive
        self._function = self._loaded.signatures[SIGNATURE]
        _, specs = self._function.structured_input_signature
        self.inputs: dict[str, Any] = dict(specs)

    def __call__(self, inputs: dict[str, Any]) -> dict[str, Any]:
        tensors = {
            name: self._tf.constant(value, dtype=self.inputs[name].dtype)
            for name, value in inputs.items()
        }
        return {name: tensor.numpy() for name, tensor in self._function(**tensors).items()}


def model_fn(model_dir: str) -> SavedModelSignature:
    folder = version_dir(Path(model_dir))
    if folder is None:
        raise UserError(f"{model_dir}: no numbered SavedModel folder (1/) to serve")
    return SavedModelSignature(folder)


def input_fn(body: bytes, content_type: str) -> dict[str, Any]:
    """The TF Serving request: {"instances"|"inputs": ...}; CSV rows become instances."""
    if not body:
        raise payloads.PayloadError("empty request body")
    payloads.check_body(body, content_type)
    if content_type == payloads.CSV:
        return {"instances": payloads.decode(body, content_type).tolist()}
    if content_type != payloads.JSON:
        raise payloads.UnsupportedMediaType(
            f"{content_type} is not supported by the TensorFlow Serving container"
        )
    try:
        request = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise payloads.PayloadError(f"invalid JSON: {error}") from None
    if not isinstance(request, dict) or not ({"instances", "inputs"} & set(request)):
        raise payloads.PayloadError('expected {"instances": [...]} or {"inputs": ...}')
    return request


def predict_fn(request: dict[str, Any], model: SavedModelSignature) -> dict[str, Any]:
    row_format = "instances" in request
    data = request["instances"] if row_format else request["inputs"]
    names = list(model.inputs)
    if len(names) == 1:
        inputs = {names[0]: data[names[0]] if isinstance(data, dict) else data}
    elif row_format and isinstance(data, list) and all(isinstance(i, dict) for i in data):
        inputs = {name: [instance[name] for instance in data] for name in names}
    elif isinstance(data, dict):
        inputs = {name: data[name] for name in names}
    else:
        raise payloads.PayloadError(
            f"the model takes several inputs ({', '.join(names)}): name them"
        )
    try:
        outputs = model(inputs)
    except (ValueError, TypeError, KeyError) as error:
        raise payloads.PayloadError(f"the inputs don't fit the signature: {error}") from None
    except Exception as error:  # tf.errors.InvalidArgumentError: a shape the model refuses
        if type(error).__module__.startswith("tensorflow"):
            raise payloads.PayloadError(f"the inputs don't fit the signature: {error}") from None
        raise
    key = "predictions" if row_format else "outputs"
    if len(outputs) == 1:
        return {key: next(iter(outputs.values())).tolist()}
    if not row_format:
        return {key: {name: value.tolist() for name, value in outputs.items()}}
    count = len(next(iter(outputs.values())))
    return {key: [{n: v[i].tolist() for n, v in outputs.items()} for i in range(count)]}


def output_fn(prediction: dict[str, Any], accept: str) -> bytes:
    if accept != payloads.JSON:
        raise payloads.NotAcceptable(
            f"{accept} is not supported: the TensorFlow Serving container answers JSON"
        )
    return json.dumps(prediction).encode()
