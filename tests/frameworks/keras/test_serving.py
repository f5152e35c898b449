"""A Keras model exported as the migrated script exports it (SavedModel under 1/, no
inference.py), served by the local endpoint with the TensorFlow Serving container's contract."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import keras
import numpy as np
import pytest

from sagebridge.local.serve import tf_serving
from sagebridge.local.serve.client import invoke
from sagebridge.local.serve.server import LocalEndpoint

JSON, CSV = "application/json", "text/csv"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[keras.Model, np.ndarray, Path]:
    root = tmp_path_factory.mktemp("keras_serving")
    keras.utils.set_random_seed(3)
    x = np.random.default_rng(3).normal(size=(32, 5)).astype("float32")
    model = keras.Sequential(
        [keras.Input(shape=(5,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.zeros((32, 3), "float32"), epochs=1, verbose=0)
    model_dir = root / "model"
    model.export(str(model_dir / "1"), verbose=False)
    model.save(model_dir / "model.keras")
    archive = root / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for child in sorted(model_dir.iterdir()):
            tar.add(child, arcname=child.name)
    return model, x, archive


def test_instances_get_the_models_predictions(served: tuple[keras.Model, np.ndarray, Path]) -> None:
    model, x, archive = served
    with LocalEndpoint(archive, port=0) as endpoint:
        assert endpoint.handlers == ()  # no inference.py: TF Serving's own contract
        body = json.dumps({"instances": x[:4].tolist()}).encode()
        reply = invoke(endpoint.url, body, JSON)
        assert reply.status == 200
        predictions = np.asarray(json.loads(reply.body)["predictions"])
        np.testing.assert_allclose(predictions, model.predict(x[:4], verbose=0), rtol=1e-5)

        columnar = invoke(endpoint.url, json.dumps({"inputs": x[:2].tolist()}).encode(), JSON)
        outputs = np.asarray(json.loads(columnar.body)["outputs"])
        np.testing.assert_allclose(outputs, model.predict(x[:2], verbose=0), rtol=1e-5)

        rows = "".join(",".join(str(v) for v in row) + "\n" for row in x[:3].tolist()).encode()
        from_csv = np.asarray(json.loads(invoke(endpoint.url, rows, CSV).body)["predictions"])
        np.testing.assert_allclose(from_csv, model.predict(x[:3], verbose=0), rtol=1e-5)


def test_bad_requests_are_client_errors(served: tuple[keras.Model, np.ndarray, Path]) -> None:
    _, x, archive = served
    with LocalEndpoint(archive, port=0) as endpoint:
        bare = invoke(endpoint.url, json.dumps(x[:2].tolist()).encode(), JSON)
        assert bare.status == 400 and b"instances" in bare.body
        wrong_width = invoke(endpoint.url, json.dumps({"instances": [[1.0, 2.0]]}).encode(), JSON)
        assert wrong_width.status == 400
        assert invoke(endpoint.url, b"{}", "application/x-npy").status == 415


def test_newest_numbered_folder_is_served(tmp_path: Path) -> None:
    for name in ("1", "2", "10", "notes"):
        (tmp_path / name).mkdir()
    for name in ("1", "2", "10"):
        (tmp_path / name / "saved_model.pb").write_bytes(b"")
    assert tf_serving.version_dir(tmp_path) == tmp_path / "10"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert tf_serving.version_dir(empty) is None


def test_serve_says_which_contract_it_honours(
    served: tuple[keras.Model, np.ndarray, Path],
) -> None:
    from sagebridge.local.registry import ModelPackage
    from sagebridge.local.serve.commands import _describe
    from sagebridge.project.approval import ApprovalStatus

    _, _, archive = served
    package = ModelPackage("g", 1, ApprovalStatus("Approved"), archive, {}, 1)
    said: list[str] = []
    with LocalEndpoint(archive, port=0) as endpoint:
        _describe(package, endpoint, archive.parent, said.append)
    assert any("TensorFlow Serving" in line and '"instances"' in line for line in said)
    assert not any("SageMaker defaults" in line for line in said)
