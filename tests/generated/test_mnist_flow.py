"""ec2-mnist end to end on a real MNIST slice: preprocess -> train -> evaluate -> inference.

Every script is the one `sagebridge migrate` generated, run as a real subprocess. The
independent checks use the user's original `Net` (imported from examples/ec2-mnist/train.py)
and read the IDX files with numpy, so they share no code with the generated scripts.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import re
import struct
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch

from sagebridge.validate.report import CheckStatus

from .conftest import (
    EXAMPLES,
    N_TEST,
    N_TRAIN,
    fake_opt_ml,
    pack_model,
    run_script,
)

pytestmark = pytest.mark.slow
RAW = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
       "t10k-labels-idx1-ubyte"]


def read_idx(path: Path) -> np.ndarray:
    data = path.read_bytes()
    dims = data[3]
    shape = struct.unpack(f">{dims}I", data[4 : 4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def original_net():
    spec = importlib.util.spec_from_file_location("original_mnist", EXAMPLES / "ec2-mnist" / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # main() is behind `if __name__ == "__main__"`
    return module.Net


def independent_accuracy(state_dict_path: Path, test_root: Path) -> tuple[float, np.ndarray]:
    images = read_idx(test_root / "MNIST" / "raw" / RAW[2]).astype(np.float32) / 255.0
    labels = read_idx(test_root / "MNIST" / "raw" / RAW[3]).astype(np.int64)
    inputs = torch.from_numpy((images[:, None] - 0.1307) / 0.3081)
    model = original_net()()
    model.load_state_dict(torch.load(state_dict_path, map_location="cpu", weights_only=True))
    model.eval()
    with torch.no_grad():
        outputs = model(inputs)
    return float((outputs.argmax(1).numpy() == labels).mean()), outputs[:8].numpy()


@pytest.fixture(scope="module")
def out(migrated) -> Path:
    return migrated("ec2-mnist")


@pytest.fixture(scope="module")
def staged(out, mnist_raw_gz, tmp_path_factory):
    root = tmp_path_factory.mktemp("mnist-processing")
    result = run_script(out / "code" / "preprocess.py", "--raw-dir", str(mnist_raw_gz),
                        "--train-dir", str(root / "train"), "--test-dir", str(root / "test"))
    assert result.returncode == 0, result.stderr
    return root / "train", root / "test"


@pytest.fixture(scope="module")
def trained(out, staged, tmp_path_factory):
    """One epoch of the migrated train.py on the 2,000-image slice, under a fake /opt/ml."""
    train_dir, _ = staged
    opt_ml = tmp_path_factory.mktemp("opt_ml")
    result = run_script(out / "code" / "train.py", "--epochs", "1",
                        env=fake_opt_ml(opt_ml, train_dir))
    assert result.returncode == 0, result.stderr[-3000:]
    logged = re.findall(r"^test_accuracy=([0-9.eE+-]+);", result.stdout, re.MULTILINE)
    return opt_ml / "model", float(logged[-1])


@pytest.fixture(scope="module")
def archive(out, trained, tmp_path_factory) -> Path:
    model_dir, _ = trained
    return pack_model(model_dir, out / "code", tmp_path_factory.mktemp("model-input"))


def evaluate(out: Path, model_input: Path, test_dir: Path, tmp: Path):
    result = run_script(out / "code" / "evaluate.py", "--model-dir", str(model_input),
                        "--test-dir", str(test_dir), "--output-dir", str(tmp / "evaluation"),
                        env={"SM_OUTPUT_FAILURE": str(tmp / "failure")})
    return result, tmp / "evaluation" / "evaluation.json"


# ---- preprocess ------------------------------------------------------------------------------


def test_preprocess_writes_the_training_channel_as_torchvision_reads_it(staged, mnist_slice):
    train_dir, test_dir = staged
    for name in RAW:
        expected = (mnist_slice / "MNIST" / "raw" / name).read_bytes()
        assert (train_dir / "MNIST" / "raw" / name).read_bytes() == expected
    assert sorted(p.name for p in (test_dir / "MNIST" / "raw").iterdir()) == sorted(RAW[2:])
    from torchvision import datasets

    assert len(datasets.MNIST(str(train_dir), train=True, download=False)) == N_TRAIN
    assert len(datasets.MNIST(str(train_dir), train=False, download=False)) == N_TEST


def test_preprocess_report_has_the_measured_counts(staged, mnist_slice):
    _, test_dir = staged
    report = json.loads((test_dir / "validation.json").read_text())
    labels = read_idx(mnist_slice / "MNIST" / "raw" / RAW[1])
    assert report["splits"]["train"]["examples"] == N_TRAIN
    assert report["splits"]["test"]["examples"] == N_TEST
    assert report["splits"]["train"]["label_counts"] == np.bincount(labels, minlength=10).tolist()
    assert report["files"][RAW[0]]["shape"] == [N_TRAIN, 28, 28]
    assert report["files"][RAW[0]]["complete_set"] is False


def test_preprocess_accepts_decompressed_files(out, mnist_slice, tmp_path):
    result = run_script(out / "code" / "preprocess.py", "--raw-dir", str(mnist_slice),
                        "--train-dir", str(tmp_path / "train"), "--test-dir", str(tmp_path / "test"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "train" / "MNIST" / "raw" / RAW[0]).stat().st_size == 16 + N_TRAIN * 784


def test_preprocess_fails_loudly_without_the_raw_files(out, tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_script(out / "code" / "preprocess.py", "--raw-dir", str(tmp_path / "raw"),
                        "--train-dir", str(tmp_path / "train"), "--test-dir", str(tmp_path / "test"))
    assert result.returncode == 1
    assert "train-images-idx3-ubyte(.gz) not found" in result.stderr
    assert not (tmp_path / "train").exists()


@pytest.mark.parametrize("damage", ["bad_magic", "labels_out_of_range", "truncated"])
def test_preprocess_rejects_malformed_files(out, mnist_slice, tmp_path, damage):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in RAW:
        data = bytearray((mnist_slice / "MNIST" / "raw" / name).read_bytes())
        if damage == "bad_magic" and name == RAW[0]:
            data[2] = 0x0D  # float instead of unsigned byte
        if damage == "labels_out_of_range" and name == RAW[3]:
            data[8] = 10
        if damage == "truncated" and name == RAW[2]:
            data = data[:-100]
        (raw / name).write_bytes(bytes(data))
    result = run_script(out / "code" / "preprocess.py", "--raw-dir", str(raw),
                        "--train-dir", str(tmp_path / "train"), "--test-dir", str(tmp_path / "test"))
    assert result.returncode == 1
    assert "Preprocess failed" in result.stderr


# ---- evaluate --------------------------------------------------------------------------------


def test_evaluate_measures_the_real_model_on_the_real_test_slice(out, archive, trained, staged,
                                                                 tmp_path):
    model_dir, logged_accuracy = trained
    _, test_dir = staged
    result, report_path = evaluate(out, archive.parent, test_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(report_path.read_text())
    value = report["metrics"]["test_accuracy"]["value"]
    expected, _ = independent_accuracy(model_dir / "model.pth", test_dir)
    assert value == pytest.approx(expected, abs=1e-12)
    assert value == pytest.approx(logged_accuracy, abs=1e-12)  # what train.py itself reported
    assert report["test_examples"] == N_TEST
    assert 0.5 < value <= 1.0  # one epoch on 2,000 real images learns something


@pytest.mark.parametrize("damage", ["no_archive", "not_gzip", "no_state_dict", "wrong_weights",
                                    "torchscript_disagrees"])
def test_evaluate_fails_the_step_when_the_model_cannot_be_trusted(out, trained, staged, tmp_path,
                                                                 damage):
    model_dir, _ = trained
    _, test_dir = staged
    model_input = tmp_path / "model"
    model_input.mkdir()
    files = {p.name: p.read_bytes() for p in model_dir.iterdir()}
    if damage == "not_gzip":
        (model_input / "model.tar.gz").write_bytes(b"plain text")
    elif damage != "no_archive":
        if damage == "no_state_dict":
            del files["model.pth"]
        elif damage == "wrong_weights":
            buffer = io.BytesIO()
            torch.save({"fc9.weight": torch.zeros(1)}, buffer)
            files["model.pth"] = buffer.getvalue()
        elif damage == "torchscript_disagrees":
            other = original_net()()
            other.eval()
            buffer = io.BytesIO()
            torch.jit.save(torch.jit.script(other), buffer)
            files["model.pt"] = buffer.getvalue()
        with tarfile.open(model_input / "model.tar.gz", "w:gz") as tar:
            for name, data in sorted(files.items()):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    result, report_path = evaluate(out, model_input, test_dir, tmp_path)
    assert result.returncode == 1
    assert not report_path.exists()
    reason = (tmp_path / "failure").read_text()
    assert reason.startswith("Evaluate failed:")
    assert reason in result.stderr


# ---- inference -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(archive, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["code/inference.py", "model.pt", "model.pth"]
        tar.extractall(root)
    spec = importlib.util.spec_from_file_location("served_mnist", root / "code" / "inference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return root, module


def original_transform():
    """The transform train.py builds inside main(), evaluated from its own source."""
    from torchvision import transforms

    tree = ast.parse((EXAMPLES / "ec2-mnist" / "train.py").read_text())
    [value] = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
               and [getattr(t, "id", None) for t in node.targets] == ["transform"]]
    return eval(compile(ast.Expression(value), "train.py", "eval"), {"transforms": transforms})


@pytest.fixture(scope="module")
def reference(trained, staged):
    """Raw test images and the user's Net on them through the user's transform.

    torchvision's own MNIST dataset applies the transform (PIL image in, tensor out), so this
    shares no code with the generated inference.py.
    """
    from torchvision import datasets

    model_dir, _ = trained
    train_dir, test_dir = staged
    raw = read_idx(test_dir / "MNIST" / "raw" / RAW[2])
    dataset = datasets.MNIST(str(train_dir), train=False, download=False,
                             transform=original_transform())
    assert np.array_equal(dataset.data.numpy(), raw)  # the same images the endpoint gets
    inputs = torch.stack([dataset[i][0] for i in range(len(dataset))])
    model = original_net()()
    model.load_state_dict(torch.load(model_dir / "model.pth", map_location="cpu", weights_only=True))
    model.eval()
    with torch.no_grad():
        outputs = model(inputs).numpy()
    return raw, outputs


def raw_body(images: np.ndarray, content_type: str) -> str | bytes:
    if content_type == "application/json":
        return json.dumps(images.tolist())
    if content_type == "text/csv":
        return "\n".join(",".join(str(v) for v in row) for row in images.reshape(len(images), -1))
    buffer = io.BytesIO()
    np.save(buffer, images)
    return buffer.getvalue()


@pytest.mark.parametrize("content_type", ["application/json", "text/csv", "application/x-npy"])
def test_inference_on_raw_images_equals_the_model_on_the_users_transform(served, reference,
                                                                        content_type):
    root, inference = served
    raw, outputs = reference
    images, expected = raw[:8], outputs[:8]
    model = inference.model_fn(str(root))
    prediction = inference.predict_fn(inference.input_fn(raw_body(images, content_type),
                                                         content_type), model)
    response, response_type = inference.output_fn(prediction, content_type)
    assert response_type == content_type
    if content_type == "application/json":
        document = json.loads(response)
        got = np.asarray(document["predictions"])
        assert document["classes"] == expected.argmax(axis=1).tolist()
    elif content_type == "text/csv":
        got = np.asarray([[float(v) for v in line.split(",")] for line in response.splitlines()])
    else:
        got = np.load(io.BytesIO(response))
    assert got.shape == (8, 10)
    assert np.allclose(got, expected, atol=1e-5)


def test_inference_classes_on_the_whole_raw_test_slice(served, reference, staged, trained):
    """All 500 raw test images in one NPY batch: the same classes, so the same accuracy."""
    root, inference = served
    raw, outputs = reference
    _, test_dir = staged
    model = inference.model_fn(str(root))
    data = inference.input_fn(raw_body(raw, "application/x-npy"), "application/x-npy")
    response, _ = inference.output_fn(inference.predict_fn(data, model), "application/json")
    classes = np.asarray(json.loads(response)["classes"])
    assert classes.shape == (N_TEST,)
    np.testing.assert_array_equal(classes, outputs.argmax(axis=1))
    labels = read_idx(test_dir / "MNIST" / "raw" / RAW[3])
    accuracy, _ = independent_accuracy(trained[0] / "model.pth", test_dir)
    assert float((classes == labels).mean()) == pytest.approx(accuracy, abs=1e-12)


def test_invoke_png_digits_over_http_get_the_models_classes(archive, reference, tmp_path):
    """`sagebridge invoke OUT digit.png` against the generated handlers, served over HTTP."""
    from PIL import Image

    from sagebridge.local.serve.commands import invoke_sample
    from sagebridge.local.serve.server import LocalEndpoint

    raw, outputs = reference
    with LocalEndpoint(archive, port=0) as endpoint:
        port = int(endpoint.url.rsplit(":", 1)[1])
        for index in range(10):
            png = tmp_path / f"digit-{index}.png"
            Image.fromarray(raw[index]).save(png)
            answer = json.loads(invoke_sample(tmp_path, png, host="127.0.0.1", port=port,
                                              content_type=None, accept="application/json"))
            assert answer["classes"] == [int(outputs[index].argmax())]
            assert np.allclose(answer["predictions"], outputs[index : index + 1], atol=1e-5)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ("{oops", "application/json", 400, "invalid JSON"),
        ('[["x"]]', "application/json", 400, "must be numbers"),
        ("[[1.0, 2.0, 3.0]]", "application/json", 400, "input of shape (1, 3)"),
        ("1,2\n3\n", "text/csv", 400, "rows of equal length"),
        (b"\x93NUMPY broken", "application/x-npy", 400, "invalid .npy"),
        ("[[0.0]]", "application/octet-stream", 415, "not supported"),
        (json.dumps([[0.5] * 784]), "application/json", 400, "0.5 is not a whole number"),
        (json.dumps([[-0.4242] * 784]), "application/json", 400, "from -0.4242 to -0.4242"),
        (json.dumps([[256] * 784]), "application/json", 400, "from 256 to 256"),
    ],
)
def test_inference_rejects_bad_payloads_as_client_errors(served, body, content_type, status,
                                                         message):
    _, inference = served
    with pytest.raises(inference.PayloadError) as raised:
        inference.input_fn(body, content_type)
    assert isinstance(raised.value, ValueError)
    assert raised.value.status == status
    assert message in str(raised.value)


def test_inference_falls_back_to_the_state_dict_without_torchscript(served, tmp_path):
    root, inference = served
    (tmp_path / "model.pth").write_bytes((root / "model.pth").read_bytes())
    model = inference.model_fn(str(tmp_path))
    assert isinstance(model, inference.Net)
    with pytest.raises(FileNotFoundError):
        inference.model_fn(str(tmp_path / "empty"))


# ---- the generated project's own tests ---------------------------------------------------------


def test_generated_tests_pass_inside_out(validated):
    """`validate` runs them inside OUT (`python -m pytest tests`, offline); this reads the
    session's one validate of the example (tests/conftest.py) rather than running them again."""
    tests = validated("ec2-mnist").check("generated-tests")
    assert tests.status is CheckStatus.PASSED, tests
    assert tests.findings == (), tests  # no failure, no error, nothing skipped
    assert "failed" not in tests.reason and " passed" in tests.reason, tests.reason
