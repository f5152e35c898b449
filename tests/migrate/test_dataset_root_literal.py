"""A torchvision dataset whose folder is written straight into its call (the PyTorch
tutorials' quickstart: `datasets.FashionMNIST(root="data", train=True, download=True)`) reads
the training channel in the migrated script: the literal has no variable name to judge it by,
its use says it is the data. The pipeline lists that channel once, and FashionMNIST (MNIST's
file layout) gets the same Preprocess step as MNIST."""

from __future__ import annotations

import re
import struct
import textwrap
from pathlib import Path

import numpy as np

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

QUICKSTART_STYLE = textwrap.dedent(
    """
    import torch
    from torch import nn
    from torch.utils.data import DataLoader
    from torchvision import datasets
    from torchvision.transforms import ToTensor

    torch.manual_seed(0)
    training_data = datasets.FashionMNIST(root="data", train=True, download=True, transform=ToTensor())
    test_data = datasets.FashionMNIST(root="data", train=False, download=True, transform=ToTensor())
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for X, y in DataLoader(training_data, batch_size=20):
        loss = nn.functional.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    correct = 0
    with torch.no_grad():
        for X, y in DataLoader(test_data, batch_size=20):
            correct += (model(X).argmax(1) == y).sum().item()
    print(f"Test Accuracy: {correct / len(test_data):.4f}")
    torch.save(model.state_dict(), "model.pth")
    """
)

FILES = (
    ("train-images-idx3-ubyte", 0x803, 60),
    ("train-labels-idx1-ubyte", 0x801, 60),
    ("t10k-images-idx3-ubyte", 0x803, 20),
    ("t10k-labels-idx1-ubyte", 0x801, 20),
)


def _write_idx_set(raw: Path) -> None:
    """A tiny learnable set in torchvision's on-disk format: the label is the bright row."""
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    labels = {n: rng.integers(0, 10, size=n).astype(np.uint8) for n in (60, 20)}
    for name, magic, count in FILES:
        with open(raw / name, "wb") as out:
            if magic == 0x801:
                out.write(struct.pack(">II", magic, count) + labels[count].tobytes())
                continue
            images = rng.integers(0, 40, size=(count, 28, 28)).astype(np.uint8)
            images[np.arange(count), labels[count] * 2] = 255
            out.write(struct.pack(">IIII", magic, count, 28, 28) + images.tobytes())


def test_a_literal_dataset_root_reads_the_training_channel(tmp_path: Path) -> None:
    project = tmp_path / "quickstart"
    project.mkdir()
    (project / "train.py").write_text(QUICKSTART_STYLE)
    _write_idx_set(project / "data" / "FashionMNIST" / "raw")
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())

    out = tmp_path / "out"
    migrate_project(project, out)
    code = out / "code"
    migrated = (code / "train.py").read_text()
    assert 'root=os.environ.get("SM_CHANNEL_TRAINING", "data")' in migrated
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert pipeline.count("InputData(channel_name='training'") == 1
    preprocess = (code / "preprocess.py").read_text()
    assert "DATASET = 'FashionMNIST'" in preprocess
    assert "CHANNEL_SUBDIR = 'FashionMNIST/raw'" in preprocess

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    # Preprocess stages the raw files (no published checksum recorded for FashionMNIST)
    staged = run_script(
        code / "preprocess.py",
        ["--raw-dir", str(project / "data" / "FashionMNIST" / "raw"),
         "--train-dir", str(container.channel()), "--test-dir", str(tmp_path / "test")],
        cwd=tmp_path, env=plain_env(),
    )
    assert staged.returncode == 0
    assert (container.channel() / "FashionMNIST" / "raw" / "t10k-labels-idx1-ubyte").is_file()
    # run from an empty folder: only the channel holds the data
    after = run_script(code / "train.py", [], cwd=container.root, env=plain_env(**container.env()))
    metric = re.compile(r"Test Accuracy: ([0-9.]+)")
    assert metric.findall(after.stdout) == metric.findall(before.stdout) != []
    assert (container.model / "model.pth").is_file()
