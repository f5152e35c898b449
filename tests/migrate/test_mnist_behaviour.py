"""Proof of behaviour for ec2-mnist: the migrated script trains under a fake /opt/ml, writes
model.pth + a TorchScript model.pt that predicts like it, metrics.json and `name=value;` lines;
it learns exactly what the original learns (same printed losses, bitwise-equal weights); it
still runs as a plain laptop script; and it resumes from its checkpoint.

Every run is a real subprocess on a real MNIST slice, one epoch, one thread.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from sagebridge import contract
from sagebridge.plan.metrics import regex

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

pytestmark = pytest.mark.slow

LOSS_LINES = re.compile(r"^(Train Epoch: .*Loss: .*|Test set: Average loss: .*)$", re.MULTILINE)


def _container(tmp_path: Path, mnist_slice: Path) -> FakeContainer:
    container = FakeContainer(tmp_path / "opt-ml")
    shutil.copytree(mnist_slice, container.channel())
    return container


@pytest.fixture(scope="module")
def sagemaker_run(migrated, mnist_slice: Path, tmp_path_factory: pytest.TempPathFactory):
    out = migrated("ec2-mnist")
    container = _container(tmp_path_factory.mktemp("sm"), mnist_slice)
    done = run_script(out / "code" / "train.py", ["--epochs", "1", "--log_interval", "10"],
                      cwd=tmp_path_factory.mktemp("cwd"), env=plain_env(**container.env()))
    return container, done


@pytest.fixture(scope="module")
def original_run(mnist_slice: Path, tmp_path_factory: pytest.TempPathFactory):
    """The user's own script, with only `epochs = 10` changed to 1, in a cwd with ./data."""
    cwd = tmp_path_factory.mktemp("original")
    source = (EXAMPLES / "ec2-mnist" / "train.py").read_text()
    assert source.count("epochs = 10\n") == 1
    (cwd / "train.py").write_text(source.replace("epochs = 10\n", "epochs = 1\n"))
    shutil.copytree(mnist_slice, cwd / "data")
    return cwd, run_script(cwd / "train.py", [], cwd=cwd, env=plain_env())


def test_writes_model_files_metrics_and_checkpoint(sagemaker_run) -> None:
    container, done = sagemaker_run
    assert (container.model / contract.STATE_DICT_FILE).is_file()
    assert (container.model / contract.TORCHSCRIPT_FILE).is_file()
    assert sorted(p.name for p in container.checkpoints.iterdir()) == ["checkpoint-1.pt"]

    metrics = json.loads((container.output_data / "metrics.json").read_text())
    assert set(metrics) == {"test_accuracy", "test_loss"}
    assert 0.5 < metrics["test_accuracy"] <= 1.0  # a fraction; one epoch on 2000 images
    for name, value in metrics.items():
        logged = re.findall(regex(name), done.stdout)
        assert [float(v) for v in logged] == [value]  # the CloudWatch regex reads the same value
    assert "SageMaker hosts: ['algo-1']; this host: algo-1" in done.stdout


@pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated:FutureWarning")
def test_torchscript_predicts_like_the_state_dict(
    sagemaker_run, migrated, mnist_slice, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch
    from torchvision import datasets, transforms

    container, _ = sagemaker_run
    code = migrated("ec2-mnist") / "code"
    # train.py imports sagebridge_runtime beside it (sys.path set directly: syspath_prepend
    # also fixes up pkg_resources' namespace packages, which fails when another test left a
    # pkg_resources without them in sys.modules)
    monkeypatch.setattr(sys, "path", [str(code), *sys.path])
    # not another project's runtime that an earlier test imported into this process
    monkeypatch.delitem(sys.modules, "sagebridge_runtime", raising=False)
    namespace: dict[str, object] = {}  # not "__main__": defines Net, does not train
    exec(compile((code / "train.py").read_text(), "train.py", "exec"), namespace)  # noqa: S102
    net = namespace["Net"]()  # type: ignore[operator]
    net.load_state_dict(torch.load(container.model / contract.STATE_DICT_FILE, weights_only=True))
    net.eval()
    scripted = torch.jit.load(str(container.model / contract.TORCHSCRIPT_FILE))

    normalise = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    test_set = datasets.MNIST(mnist_slice, train=False, download=False, transform=normalise)
    images = torch.stack([test_set[i][0] for i in range(200)])
    with torch.no_grad():
        expected = net(images).argmax(dim=1)
        got = scripted(images).argmax(dim=1)
    assert torch.equal(got, expected)
    assert len(set(expected.tolist())) > 5  # a trained model, not a constant prediction


def test_same_losses_and_weights_as_the_original(sagemaker_run, original_run) -> None:
    import torch

    container, migrated_done = sagemaker_run
    cwd, original_done = original_run
    original_losses = LOSS_LINES.findall(original_done.stdout)
    assert len(original_losses) == 5  # 4 logged batches + the test line
    assert LOSS_LINES.findall(migrated_done.stdout) == original_losses

    before = torch.load(cwd / "models" / "model.pth", weights_only=True)
    after = torch.load(container.model / contract.STATE_DICT_FILE, weights_only=True)
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_runs_as_a_plain_laptop_script(migrated, mnist_slice, original_run, tmp_path) -> None:
    code = migrated("ec2-mnist") / "code"
    shutil.copytree(mnist_slice, tmp_path / "data")
    done = run_script(code / "train.py", ["--epochs", "1"], cwd=tmp_path, env=plain_env())

    assert (tmp_path / "models" / "model.pth").is_file()  # where the original saved it
    assert LOSS_LINES.findall(done.stdout) == LOSS_LINES.findall(original_run[1].stdout)
    assert not (tmp_path / "metrics.json").exists()
    assert "Resumed" not in done.stdout  # no checkpoints on a laptop


def test_resumes_from_the_latest_checkpoint(migrated, mnist_slice, sagemaker_run, tmp_path) -> None:
    """A second job on the same checkpoint folder (a spot restart) skips the finished epoch."""
    first, _ = sagemaker_run
    container = _container(tmp_path, mnist_slice)
    shutil.copytree(first.checkpoints, container.checkpoints)
    done = run_script(migrated("ec2-mnist") / "code" / "train.py", ["--epochs", "2"],
                      cwd=tmp_path, env=plain_env(**container.env()))

    assert "(epoch 1 done)" in done.stdout
    assert "Train Epoch: 1 " not in done.stdout
    assert "Train Epoch: 2 " in done.stdout
    assert sorted(p.name for p in container.checkpoints.iterdir()) == ["checkpoint-2.pt"]


def test_failure_file_holds_the_error(migrated, tmp_path) -> None:
    container = FakeContainer(tmp_path / "opt-ml")
    container.channel().mkdir(parents=True)  # an empty channel: the dataset is missing
    done = run_script(migrated("ec2-mnist") / "code" / "train.py", ["--epochs", "1"],
                      cwd=tmp_path, env=plain_env(**container.env()), check=False)

    assert done.returncode != 0
    failure = (container.output / "failure").read_text()
    assert failure.startswith("RuntimeError: Dataset not found")
    assert "Traceback (most recent call last)" in failure
    assert "Traceback (most recent call last)" in done.stderr  # re-raised, not swallowed
