"""Real models packed the way SageMaker wants them, for the endpoint tests and the benchmark.

Each builder trains a small real model, writes its artifacts at the root of a model folder, copies
a hand-written fixture inference.py (tests/endpoint/fixtures/) to code/inference.py, and tars the
folder from inside, giving the contract layout: model files at the root, code/inference.py.
"""

from __future__ import annotations

import shutil
import tarfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from helpers.mnist import write_mnist_slice

FIXTURES = Path(__file__).parent / "fixtures"
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # what fixtures/torch_inference.py normalises with
GREY_LEVELS = 255.0  # MNIST stores unsigned bytes; ToTensor() divides by this


def pack(model_dir: Path, archive: Path) -> Path:
    """model.tar.gz of a model folder's content (members at the root, as SageMaker expects)."""
    with tarfile.open(archive, "w:gz") as tar:
        for child in sorted(model_dir.iterdir()):
            tar.add(child, arcname=child.name)
    return archive


def model_folder(workdir: Path, inference: str | None) -> Path:
    """A fresh model folder, with fixtures/<inference>_inference.py as code/inference.py."""
    folder = workdir / "model"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if inference is not None:
        (folder / "code").mkdir()
        shutil.copyfile(FIXTURES / f"{inference}_inference.py", folder / "code" / "inference.py")
    return folder


@dataclass(frozen=True)
class SklearnDigits:
    archive: Path
    model: Any  # the fitted LogisticRegression
    x_test: np.ndarray  # held-out digits, rows of 64 pixel values


def build_sklearn_archive(workdir: Path, inference: str = "sklearn") -> SklearnDigits:
    """LogisticRegression on sklearn's bundled digits (1,500 to train), saved with joblib."""
    import joblib
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression

    digits = load_digits()
    x, y = digits.data / 16.0, digits.target
    model = LogisticRegression(max_iter=300).fit(x[:1500], y[:1500])
    folder = model_folder(workdir, inference)
    joblib.dump(model, folder / "model.joblib")
    archive = pack(folder, workdir / "model.tar.gz")
    return SklearnDigits(archive=archive, model=model, x_test=x[1500:1540])


@dataclass(frozen=True)
class TorchMnist:
    archive: Path
    model: Any  # the TorchScript module saved as model.pt
    images: np.ndarray  # (N, 28, 28) uint8 raw grey levels 0..255, as MNIST stores them
    labels: np.ndarray


def read_idx(path: Path) -> np.ndarray:
    """An uncompressed IDX file (MNIST's format) as a uint8 array of its declared shape."""
    data = path.read_bytes()
    n_dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(n_dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * n_dims).reshape(shape)


def build_torch_archive(
    workdir: Path, *, inference: str | None = "torch", n_train: int = 1000, n_test: int = 32
) -> TorchMnist:
    """A small MLP trained for a few full-batch steps on a real MNIST slice, saved TorchScript."""
    import torch
    from torch import nn

    raw = write_mnist_slice(workdir / "data", n_train, n_test) / "MNIST" / "raw"
    train_x = read_idx(raw / "train-images-idx3-ubyte")
    train_y = read_idx(raw / "train-labels-idx1-ubyte").astype(np.int64)
    test_x = read_idx(raw / "t10k-images-idx3-ubyte")
    test_y = read_idx(raw / "t10k-labels-idx1-ubyte").astype(np.int64)

    torch.manual_seed(0)
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 32), nn.ReLU(), nn.Linear(32, 10))
    inputs = torch.from_numpy(normalised(train_x))
    targets = torch.from_numpy(train_y)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(40):
        optimizer.zero_grad()
        nn.functional.cross_entropy(net(inputs), targets).backward()
        optimizer.step()
    with warnings.catch_warnings():
        # torch 2.14 deprecates TorchScript, but model.pt is what SageMaker's PyTorch server loads.
        warnings.simplefilter("ignore", FutureWarning)
        scripted = torch.jit.script(net.eval())

    folder = model_folder(workdir, inference)
    scripted.save(str(folder / "model.pt"))
    archive = pack(folder, workdir / "model.tar.gz")
    return TorchMnist(archive=archive, model=scripted, images=test_x, labels=test_y)


def normalised(images: np.ndarray) -> np.ndarray:
    """Raw (N, 28, 28) grey levels as the model was trained on them: (N, 1, 28, 28) float32."""
    scaled = images.astype(np.float32)[:, None, :, :] / GREY_LEVELS
    return ((scaled - MNIST_MEAN) / MNIST_STD).astype(np.float32)


def torch_logits(model: Any, images: np.ndarray) -> np.ndarray:
    """The model's own forward pass on raw images, normalised as in training (the fixture's way)."""
    import torch

    with torch.no_grad():
        return model(torch.from_numpy(normalised(images))).numpy()
