"""The rebuilt model is built with the values the job trained with (issue 11).

ec2-mnist with its hidden layer's width made a setting, read two ways: an argparse option
(`Net(args.hidden)`) and a module constant the migration makes a hyperparameter (`Net(hidden)`).
`migrate` exits 0 (no "fixed to its default" review item); the migrated train.py, run with
`--hidden 32` under a fake /opt/ml, writes `sagebridge_hyperparameters.json` beside the model;
evaluate.py scores the 32-wide model (the same accuracy as its TorchScript, scored here with
numpy-read IDX files) and inference.py's model_fn rebuilds it from the state_dict and answers
like TorchScript. Without the file (the old behaviour: the default 128) evaluate.py fails on
the shape mismatch, and inference.py's state_dict path too.

Real subprocesses of the generated scripts on the real MNIST slice, one epoch.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers.cli import sagebridge

from sagebridge import contract

from .conftest import EXAMPLES, fake_opt_ml, pack_model, run_script

pytestmark = pytest.mark.slow

TEST_IMAGES, TEST_LABELS = "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"


def _with_hidden_setting(source: str, style: str) -> str:
    """ec2-mnist's train.py with fc1/fc2's width a constructor argument read from a setting."""
    replacements = [
        ("    def __init__(self):\n", "    def __init__(self, hidden):\n"),
        ("nn.Linear(9216, 128)", "nn.Linear(9216, hidden)"),
        ("nn.Linear(128, 10)", "nn.Linear(hidden, 10)"),
    ]
    if style == "argparse":
        replacements += [
            ("import os\n", "import argparse\nimport os\n"),
            ("def main():\n", (
                "def main():\n    parser = argparse.ArgumentParser()\n"
                '    parser.add_argument("--hidden", type=int, default=128)\n'
                "    args, _ = parser.parse_known_args()\n"
            )),
            ("model = Net().to(device)", "model = Net(args.hidden).to(device)"),
        ]
    else:
        replacements += [
            ("log_interval = 10\n", "log_interval = 10\nhidden = 128\n"),
            ("model = Net().to(device)", "model = Net(hidden).to(device)"),
        ]
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


def _read_idx(path: Path) -> np.ndarray:
    data = path.read_bytes()
    dims = data[3]
    shape = struct.unpack(f">{dims}I", data[4 : 4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def _test_inputs(mnist_slice: Path) -> tuple[torch.Tensor, np.ndarray]:
    raw = mnist_slice / "MNIST" / "raw"
    images = _read_idx(raw / TEST_IMAGES).astype(np.float32) / 255.0
    labels = _read_idx(raw / TEST_LABELS).astype(np.int64)
    return torch.from_numpy((images[:, None] - 0.1307) / 0.3081), labels


@pytest.fixture(scope="module", params=["argparse", "constant"])
def trained(request, mnist_slice: Path, tmp_path_factory: pytest.TempPathFactory):
    """(OUT, model folder) of the migrated project trained with hidden=32."""
    root = tmp_path_factory.mktemp(f"hidden-{request.param}")
    src = root / "src"
    shutil.copytree(EXAMPLES / "ec2-mnist", src)
    train = src / "train.py"
    train.write_text(_with_hidden_setting(train.read_text(), request.param))
    done = sagebridge("migrate", str(src), "-o", str(root / "out"), timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "needs review" not in done.stdout
    assert "is the setting `hidden` the training job ran with" in done.stdout
    out = root / "out"
    env = fake_opt_ml(root / "opt_ml", mnist_slice)
    result = run_script(out / "code" / "train.py", "--epochs", "1", "--hidden", "32", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, root / "opt_ml" / "model"


def _evaluate(out: Path, model_dir: Path, mnist_slice: Path, tmp: Path):
    model_input = pack_model(model_dir, out / "code", tmp / "model-input").parent
    result = run_script(out / "code" / "evaluate.py", "--model-dir", str(model_input),
                        "--test-dir", str(mnist_slice), "--output-dir", str(tmp / "evaluation"),
                        env={contract.ENV_OUTPUT_FAILURE: str(tmp / "failure")})
    return result, tmp / "evaluation" / "evaluation.json"


def _inference_module(out: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, out / "code" / "inference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_training_records_the_values_it_ran_with(trained) -> None:
    _, model_dir = trained
    recorded = json.loads((model_dir / contract.TRAINED_HYPERPARAMETERS_FILE).read_text())
    assert recorded == {"hidden": 32}
    state = torch.load(model_dir / contract.STATE_DICT_FILE, weights_only=True)
    assert tuple(state["fc1.weight"].shape) == (32, 9216)


@pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated:FutureWarning")
def test_evaluate_scores_the_model_trained_with_the_recorded_width(
    trained, mnist_slice: Path, tmp_path: Path
) -> None:
    out, model_dir = trained
    result, report = _evaluate(out, model_dir, mnist_slice, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    scripted = torch.jit.load(str(model_dir / contract.TORCHSCRIPT_FILE), map_location="cpu")
    scripted.eval()
    inputs, labels = _test_inputs(mnist_slice)
    with torch.no_grad():
        expected = float((scripted(inputs).argmax(1).numpy() == labels).mean())
    measured = json.loads(report.read_text())["metrics"]["test_accuracy"]["value"]
    assert measured == pytest.approx(expected, abs=1e-9)


def test_without_the_recorded_values_the_default_width_does_not_load(
    trained, mnist_slice: Path, tmp_path: Path
) -> None:
    """The old behaviour: the model rebuilt as Net(128) can't take the 32-wide weights."""
    out, model_dir = trained
    stripped = tmp_path / "model"
    shutil.copytree(model_dir, stripped)
    (stripped / contract.TRAINED_HYPERPARAMETERS_FILE).unlink()
    result, report = _evaluate(out, stripped, mnist_slice, tmp_path)
    assert result.returncode == 1
    assert "does not load into Net" in (tmp_path / "failure").read_text()
    assert "size mismatch" in (tmp_path / "failure").read_text()
    assert not report.exists()

    inference = _inference_module(out, f"inference_stripped_{id(trained)}")
    (stripped / contract.TORCHSCRIPT_FILE).unlink()  # the state_dict path
    with pytest.raises(RuntimeError, match="size mismatch"):
        inference.model_fn(str(stripped))


@pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated:FutureWarning")
def test_inference_rebuilds_the_trained_model_from_its_state_dict(
    trained, mnist_slice: Path, tmp_path: Path
) -> None:
    out, model_dir = trained
    state_only = tmp_path / "model"
    shutil.copytree(model_dir, state_only)
    (state_only / contract.TORCHSCRIPT_FILE).unlink()  # model_fn falls back to the class
    inference = _inference_module(out, f"inference_{id(trained)}")
    model = inference.model_fn(str(state_only))
    assert isinstance(model, inference.Net)
    assert model.fc1.out_features == 32
    scripted = torch.jit.load(str(model_dir / contract.TORCHSCRIPT_FILE), map_location="cpu")
    scripted.eval()
    inputs, _ = _test_inputs(mnist_slice)
    with torch.no_grad():
        answered = inference.predict_fn(inputs[:16], model)
        expected = scripted(inputs[:16])
    assert torch.allclose(torch.as_tensor(np.asarray(answered)), expected, atol=1e-5)
