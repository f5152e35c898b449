"""model.tar.gz -> model_fn -> input_fn -> predict_fn -> output_fn, as the serving container runs them."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
import torch

PIXEL_MAX = 255  # raw MNIST images hold whole grey levels 0..PIXEL_MAX


@pytest.fixture(scope="module")
def examples(staged, evaluate_module):
    """A few test-set images as MNIST stores them (raw grey levels), and their labels."""
    _, test_dir = staged
    images = evaluate_module.read_idx(test_dir / evaluate_module.TEST_IMAGES, 3)
    labels = evaluate_module.read_idx(test_dir / evaluate_module.TEST_LABELS, 1)
    return images[:5], labels[:5]


@pytest.fixture(scope="module")
def model_inputs(staged, evaluate_module):
    """The same images through the training script's own transform, as evaluate.py feeds them."""
    _, test_dir = staged
    inputs, _ = evaluate_module.load_test_set(test_dir)
    return inputs[:5]


@pytest.fixture(scope="module")
def expected(trained, model_inputs, evaluate_module):
    """The trained model's outputs on the transformed images, loaded independently of inference.py."""
    model_dir, _ = trained
    model, _ = evaluate_module.load_model(model_dir)
    with torch.no_grad():
        return model(model_inputs).numpy()


def _csv(rows: np.ndarray) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows.reshape(len(rows), -1).tolist())
    return text.getvalue()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _decode(body, content_type: str) -> np.ndarray:
    if content_type == "application/json":
        document = json.loads(body)
        predictions = np.asarray(document["predictions"])
        # The class per example is the index of its highest output.
        assert document["classes"] == predictions.argmax(axis=1).tolist()
        return predictions
    if content_type == "text/csv":
        return np.asarray([[float(v) for v in row] for row in csv.reader(io.StringIO(body))])
    return np.load(io.BytesIO(body), allow_pickle=False)


@pytest.mark.parametrize("content_type", ["application/json", "text/csv", "application/x-npy"])
@pytest.mark.parametrize("accept", ["application/json", "text/csv", "application/x-npy"])
def test_round_trip_matches_the_models_own_prediction(served, examples, expected, content_type, accept):
    model_root, inference = served
    inputs, _ = examples
    body = {
        "application/json": lambda: json.dumps(inputs.tolist()),
        "text/csv": lambda: _csv(inputs),
        "application/x-npy": lambda: _npy(inputs),
    }[content_type]()
    model = inference.model_fn(str(model_root))
    data = inference.input_fn(body, content_type)
    response, response_type = inference.output_fn(inference.predict_fn(data, model), accept)
    assert response_type == accept
    got = _decode(response, accept)
    assert np.allclose(got.reshape(np.shape(expected)), expected, atol=1e-5)
    if accept == "application/json":
        assert json.loads(response)["classes"] == expected.argmax(axis=1).tolist()


@pytest.mark.parametrize("layout", ["one image", "channel axis", "flat rows"])
def test_raw_images_in_any_documented_shape(served, examples, expected, layout):
    model_root, inference = served
    images, _ = examples
    sent = {
        "one image": images[0],
        "channel axis": images[:, np.newaxis],
        "flat rows": images.reshape(len(images), -1),
    }[layout]
    data = inference.input_fn(json.dumps(sent.tolist()), "application/json")
    got = inference.predict_fn(data, inference.model_fn(str(model_root)))
    assert np.allclose(got, expected[:1] if layout == "one image" else expected, atol=1e-5)


def test_whole_number_floats_are_raw_images_too(served, examples, expected):
    model_root, inference = served
    images, _ = examples
    data = inference.input_fn(_npy(images.astype(np.float64)), "application/x-npy")
    got = inference.predict_fn(data, inference.model_fn(str(model_root)))
    assert np.allclose(got, expected, atol=1e-5)


@pytest.mark.parametrize("change", ["transformed", "scaled to [0, 1]", "above the top level", "negative"])
def test_images_that_are_not_raw_grey_levels_are_refused(served, examples, model_inputs, change):
    """Already-transformed or rescaled images would be transformed twice: a 400, not a guess."""
    _, inference = served
    images, _ = examples
    levels = images.astype(np.int64)
    sent = {
        "transformed": lambda: np.asarray(model_inputs),
        "scaled to [0, 1]": lambda: levels / PIXEL_MAX,
        "above the top level": lambda: levels + PIXEL_MAX + 1,
        "negative": lambda: levels - PIXEL_MAX - 1,
    }[change]()
    with pytest.raises(inference.PayloadError) as raised:
        inference.input_fn(json.dumps(sent.tolist()), "application/json")
    assert raised.value.status == 400
    assert "raw images" in str(raised.value)


@pytest.mark.parametrize(
    ("body", "content_type", "error", "status"),
    [
        (b"{not json", "application/json", "PayloadError", 400),
        (b'[["a", "b"]]', "application/json", "PayloadError", 400),
        (b"[[1, 2], [3]]", "application/json", "PayloadError", 400),
        (b"1,2,x\n", "text/csv", "PayloadError", 400),
        (b"not an npy file", "application/x-npy", "PayloadError", 400),
        (b"[[1.0]]", "image/png", "UnsupportedMediaType", 415),
    ],
)
def test_bad_payloads_are_client_errors(served, body, content_type, error, status):
    model_root, inference = served
    with pytest.raises(getattr(inference, error)) as raised:
        inference.predict_fn(inference.input_fn(body, content_type), inference.model_fn(str(model_root)))
    assert isinstance(raised.value, ValueError)
    assert raised.value.status == status


def test_wrong_shape_is_a_client_error(served):
    model_root, inference = served
    with pytest.raises(inference.PayloadError) as raised:
        inference.predict_fn(inference.input_fn(b"[[1.0, 2.0, 3.0]]", "application/json"), inference.model_fn(str(model_root)))
    assert "3" in str(raised.value)


def test_unknown_accept_is_not_acceptable(served, examples):
    model_root, inference = served
    inputs, _ = examples
    prediction = inference.predict_fn(inference.input_fn(json.dumps(inputs.tolist()), "application/json"), inference.model_fn(str(model_root)))
    with pytest.raises(inference.NotAcceptable) as raised:
        inference.output_fn(prediction, "image/png")
    assert raised.value.status == 406
