"""End to end: `sagebridge migrate examples/ec2-mnist`, then `sagebridge run --local` on a real
MNIST slice for one epoch. Every step runs for real (subprocesses of this Python, real torch).

The accuracy in the run summary is checked against an independent computation: the
registered model.tar.gz's state_dict loaded into the example's own `Net` class, scored here on
the same test slice with torchvision's MNIST reader and the example's normalisation.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import sagebridge
from helpers.ec2_mnist import example_transform, registered_net
from helpers.mnist import E2E_TEST as N_TEST

pytestmark = pytest.mark.slow


def independent_accuracy(model_archive: Path, data_root: Path, scratch: Path) -> float:
    import torch
    from torchvision import datasets

    model = registered_net(model_archive, scratch)
    test = datasets.MNIST(
        str(data_root), train=False, download=False, transform=example_transform()
    )
    assert len(test) == N_TEST
    correct = 0
    with torch.no_grad():
        for images, labels in torch.utils.data.DataLoader(test, batch_size=100):
            correct += int((model(images).argmax(dim=1) == labels).sum())
    return correct / len(test)


def run_local(out: Path, data: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    done = sagebridge(
        "run", str(out), "--local", "--json", "--data", f"raw={data}",
        "-p", "epochs=1", "-p", "QualityThreshold=0.1", *extra, timeout=900,
    )  # fmt: skip
    assert done.stdout, done.stderr[-3000:]
    return done.returncode, json.loads(done.stdout)


def test_run_local_trains_evaluates_and_registers(
    mnist_e2e: tuple[Path, Path], tmp_path: Path
) -> None:
    out, data = mnist_e2e
    # --no-cache: every step runs here even when test_e2e_mnist_endpoint.py (same OUT, same
    # hyperparameters: the session's `mnist_e2e`) ran first and left its outputs in the cache.
    code, summary = run_local(out, data, "--no-cache")
    assert code == 0, summary
    assert summary["status"] == "succeeded"
    states = {s["name"]: s["status"] for s in summary["steps"]}
    assert states.pop("QualityGateFailed") == "not_run"
    assert set(states.values()) == {"succeeded"}, states
    for step in summary["steps"]:
        if step["status"] == "succeeded":
            assert Path(step["log"]).is_file()
    last_run = json.loads((out / ".sagebridge" / "last-run.json").read_text())
    assert last_run["steps"] == summary["steps"]  # what `sagebridge cost` reads durations from

    registered = summary["registered_model"]
    assert registered["group"] == "ec2-mnist-models"
    assert registered["approval_status"] == "PendingManualApproval"
    archive = Path(registered["model_data"])
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"model.pth", "code/inference.py"} <= set(names)

    expected = independent_accuracy(archive, data, tmp_path)
    assert summary["metrics"]["test_accuracy"] == pytest.approx(expected, abs=1e-12)
    assert 0.1 < expected <= 1.0  # one epoch on 1000 images learns something

    # A rerun with nothing changed reuses every cacheable step.
    code, again = run_local(out, data)
    assert code == 0
    again_states = {s["name"]: s["status"] for s in again["steps"]}
    assert again_states["Preprocess"] == "cached"
    assert again_states["Train"] == "cached"
    assert again_states["Evaluate"] == "cached"
    assert again["metrics"]["test_accuracy"] == summary["metrics"]["test_accuracy"]
    assert again["registered_model"]["version"] == registered["version"] + 1

    # Editing only evaluate.py reruns the evaluation and what follows, not the training.
    evaluate = out / "code" / "evaluate.py"
    evaluate.write_text(evaluate.read_text() + "\n# edited\n")
    code, edited = run_local(out, data)
    assert code == 0
    edited_states = {s["name"]: s["status"] for s in edited["steps"]}
    assert edited_states["Preprocess"] == "cached"
    assert edited_states["Train"] == "cached"
    assert edited_states["Evaluate"] == "succeeded"
    assert edited["metrics"]["test_accuracy"] == summary["metrics"]["test_accuracy"]


def test_unreachable_threshold_ends_in_the_fail_step(mnist_e2e: tuple[Path, Path]) -> None:
    out, data = mnist_e2e
    code, summary = run_local(out, data, "-p", "QualityThreshold=1.5")
    assert code == 1
    assert summary["status"] == "failed"
    assert summary["registered_model"] is None
    assert summary["failure"].startswith("test_accuracy = ")
    assert "is below the threshold 1.5" in summary["failure"]


def test_a_new_execution_does_not_resume_an_old_ones_checkpoints(
    mnist_e2e: tuple[Path, Path],
) -> None:
    """Checkpoints are per execution: a rerun with other hyperparameters trains from scratch."""
    out, data = mnist_e2e
    code, _ = run_local(out, data)
    assert code == 0
    code, second = run_local(out, data, "--no-cache", "-p", "lr=0.5")
    assert code == 0
    train = next(s for s in second["steps"] if s["name"] == "Train")
    log = Path(train["log"]).read_text()
    assert "Train Epoch: 1 [0/" in log  # it trained epoch 1 itself
    assert "Resumed from" not in log
