"""The Lightning corpus projects, original and migrated, on the same data and seed: the same
printed metrics, the epoch-level values logged for SageMaker, the model in the model dir in the
PyTorch serving container's format, and a spot-style interruption that resumes."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest
import torch

from sagebridge.local.serve.client import invoke
from sagebridge.local.serve.server import LocalEndpoint
from sagebridge.migrate import migrate_project

from .conftest import CORPUS, container_env, laptop_env, run

MNIST_PROJECT = "lightning-mnist-datamodule"
CLI_PROJECT = "lightning-cli-csv"
HIDDEN = 32  # not train.py's default (64): the checkpoint's hyperparameters must size the model


def _prepared(tmp: Path, name: str, command: list[str]) -> Path:
    copy = tmp / "original"
    shutil.copytree(CORPUS / name, copy)
    subprocess.run([sys.executable, *command], cwd=copy, check=True, capture_output=True)
    return copy


@pytest.fixture(scope="module")
def mnist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the prepared original, the migrated code/) of the DataModule project."""
    tmp = tmp_path_factory.mktemp("lightning-mnist")
    original = _prepared(tmp, MNIST_PROJECT, ["make_stand_in_mnist.py", "--train", "600"])
    migrate_project(CORPUS / MNIST_PROJECT, tmp / "out", entry_point="train.py")
    return original, tmp / "out" / "code"


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"lightning_{path.stem}_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _printed(name: str, text: str) -> list[str]:
    return re.findall(rf"^{name}: ([0-9.]+)$", text, re.MULTILINE)


def _logged(name: str, text: str) -> list[float]:
    return [float(v) for v in re.findall(rf"^{name}=([0-9.e-]+);$", text, re.MULTILINE)]


@pytest.fixture(scope="module")
def trained(
    mnist: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str, Path]:
    """(the original's output, the migrated script's, its /opt/ml) after one epoch with a
    hidden size other than the script's default (the checkpoint's hyperparameters say 32)."""
    original, code = mnist
    opt_ml = tmp_path_factory.mktemp("lightning-mnist-run") / "opt_ml"
    args = ["--max_epochs", "1", "--hidden_dim", str(HIDDEN)]
    before = run(original / "train.py", args, original, laptop_env())
    after = run(code / "train.py", args, code, container_env(opt_ml, original / "data"))
    return before, after, opt_ml


def test_datamodule_project_same_metrics_epoch_level_and_model_files(
    mnist: tuple[Path, Path], trained: tuple[str, str, Path]
) -> None:
    code = mnist[1]
    before, after, opt_ml = trained
    assert _printed("val_acc", before) and _printed("val_acc", before) == _printed("val_acc", after)
    # logged once per epoch, the value Lightning aggregated (not the last batch's)
    logged = _logged("validation_accuracy", after)
    assert len(logged) == 1 and f"{logged[0]:.4f}" == _printed("val_acc", after)[0]
    model_dir = opt_ml / "model"
    assert {p.name for p in model_dir.iterdir()} >= {"model.ckpt", "model.pth", "model.pt"}
    # the settings the module was built with, for inference.py's state_dict fallback
    recorded = json.loads((model_dir / "sagebridge_hyperparameters.json").read_text())
    assert recorded == {"hidden_dim": HIDDEN, "learning_rate": 1e-3}
    scripted = torch.jit.load(str(model_dir / "model.pt"))
    state = torch.load(model_dir / "model.pth", weights_only=True)
    x = torch.randn(2, 1, 28, 28)
    expected = torch.relu(x.view(2, -1) @ state["l1.weight"].T + state["l1.bias"])
    expected = expected @ state["l2.weight"].T + state["l2.bias"]
    assert torch.allclose(scripted(x), expected, atol=1e-5)
    # the endpoint's handlers answer like the model
    inference = _module(code / "inference.py")
    handler_model = inference.model_fn(str(model_dir))
    data = inference.input_fn(json.dumps(x.tolist()), "application/json")
    body, _ = inference.output_fn(inference.predict_fn(data, handler_model), "application/json")
    assert torch.allclose(torch.tensor(json.loads(body)["predictions"]), expected, atol=1e-4)
    checkpoint = torch.load(model_dir / "model.ckpt", weights_only=False)
    assert checkpoint["epoch"] == 0 and "state_dict" in checkpoint
    # nothing left in the working directory: Lightning's logs went to the checkpoint folder
    assert not (code / "lightning_logs").exists()
    assert list((opt_ml / "checkpoints").rglob("*.ckpt"))


def _archive(model_dir: Path, files: tuple[str, ...], inference: Path, folder: Path) -> Path:
    """model.tar.gz as registration packs it: the model files at the root, code/inference.py."""
    folder.mkdir(parents=True)
    archive = folder / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name in files:
            tar.add(model_dir / name, arcname=name)
        tar.add(inference, arcname="code/inference.py")
    return archive


def test_endpoint_loads_the_module_from_its_checkpoint_and_answers_like_it(
    mnist: tuple[Path, Path], trained: tuple[str, str, Path], tmp_path: Path
) -> None:
    """The local endpoint (what `serve` runs) loads the module the way Lightning users do,
    LitClassifier.load_from_checkpoint(model.ckpt), whose saved hyperparameters (hidden_dim 32,
    not the script's default 64) size it, and answers what the module itself computes."""
    original, code = mnist
    model_dir = trained[2] / "model"
    module = _module(original / "train.py").LitClassifier.load_from_checkpoint(
        model_dir / "model.ckpt", map_location="cpu"
    )
    assert module.hparams.hidden_dim == HIDDEN
    x = torch.rand(3, 1, 28, 28)
    with torch.no_grad():
        expected = module.eval()(x)
    # the checkpoint alone (no TorchScript, no state_dict), then every file the job writes
    for files in (("model.ckpt",), ("model.ckpt", "model.pth", "model.pt")):
        archive = _archive(model_dir, files, code / "inference.py", tmp_path / str(len(files)))
        with LocalEndpoint(archive, port=0) as endpoint:
            reply = invoke(endpoint.url, json.dumps(x.tolist()).encode(), "application/json")
        assert reply.status == 200, reply.body
        answer = json.loads(reply.body)
        assert torch.allclose(torch.tensor(answer["predictions"]), expected, atol=1e-5)
        assert answer["classes"] == expected.argmax(dim=1).tolist()


def test_datamodule_project_resumes_after_a_spot_interruption(
    mnist: tuple[Path, Path], tmp_path: Path
) -> None:
    original, code = mnist
    env = container_env(tmp_path / "opt_ml", original / "data")
    first = run(code / "train.py", ["--max_epochs", "1"], code, env)
    assert "Resuming" not in first and re.search(r"^epoch=1;$", first, re.MULTILINE)
    # the job is stopped after epoch 1 and restarted with its checkpoints: epoch 2 only
    second = run(code / "train.py", ["--max_epochs", "2"], code, env)
    assert re.search(r"Resuming from .*last\.ckpt", second)
    assert re.findall(r"^epoch=(\d+);$", second, re.MULTILINE) == ["2"]
    assert len(_logged("validation_accuracy", second)) == 1


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("lightning-cli")
    original = _prepared(tmp, CLI_PROJECT, ["make_data.py"])
    migrate_project(CORPUS / CLI_PROJECT, tmp / "out", entry_point="main.py")
    return original, tmp / "out" / "code"


def test_cli_project_runs_as_sagemaker_calls_it_with_the_same_metrics(
    cli: tuple[Path, Path], tmp_path: Path
) -> None:
    original, code = cli
    flags = ["--trainer.max_epochs", "2"]
    before = run(original / "main.py", ["fit", "--config", "config.yaml", *flags], original,
                 laptop_env())  # fmt: skip
    # SageMaker passes only `--name value`: no subcommand, no --config; the data from a channel
    channel = tmp_path / "channel"
    channel.mkdir()
    shutil.copy(original / "data" / "wine.csv", channel / "wine.csv")
    env = container_env(tmp_path / "opt_ml", channel)
    after = run(code / "main.py", flags, code, env)
    printed = re.findall(r"epoch \d+ val_acc=[0-9.]+", before)
    assert len(printed) == 2 and printed == re.findall(r"epoch \d+ val_acc=[0-9.]+", after)
    logged = _logged("validation_accuracy", after)
    assert [f"{v:.4f}" for v in logged] == [p.rsplit("=", 1)[1] for p in printed]
    model_dir = tmp_path / "opt_ml" / "model"
    assert {p.name for p in model_dir.iterdir()} >= {"model.ckpt", "model.pth", "model.pt"}
    # the laptop command line still works on the migrated script
    run(code / "main.py", ["fit", "--config", "config.yaml", "--trainer.max_epochs", "1"],
        original, laptop_env())  # fmt: skip
