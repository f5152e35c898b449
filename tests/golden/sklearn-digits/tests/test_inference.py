"""model.tar.gz -> model_fn -> input_fn -> predict_fn -> output_fn, as the serving container runs them."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest


@pytest.fixture(scope="module")
def examples(staged, evaluate_module):
    """A few real test-set inputs, as the model takes them, and their labels."""
    _, test_dir = staged
    inputs, labels = evaluate_module.load_test_set(test_dir)
    return np.asarray(inputs[:5], dtype=np.float32), labels[:5]


@pytest.fixture(scope="module")
def expected(trained, examples, evaluate_module):
    """The trained model's own predictions, loaded independently of inference.py."""
    model_dir, _ = trained
    inputs, _ = examples
    return evaluate_module.load_model(model_dir).predict(inputs)


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
        return np.asarray(json.loads(body)["predictions"])
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
