"""Write small slices of the real MNIST set for tests.

The shared data folder holds the full set as gzipped IDX files. Tests want a few
thousand images that `torchvision.datasets.MNIST(root, download=False)` can read,
so this module copies the first ``n`` records of each file into decompressed IDX
files with their counts rewritten. Standard library only: importing the helper
must not pull in numpy or torch.
"""

from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

MNIST_DIR_ENV = "SAGEBRIDGE_MNIST_DIR"
N_TRAIN, N_TEST = 2000, 500  # the session slice (fixture `mnist_slice` in tests/conftest.py)
E2E_TRAIN, E2E_TEST = 1000, 300  # the end-to-end runs' own slice (tests/local/test_e2e_mnist*)

# IDX magic numbers: 0x00 0x00, type 0x08 (unsigned byte), number of dimensions.
_LABELS_MAGIC = 0x00000801
_IMAGES_MAGIC = 0x00000803

# File names torchvision expects under MNIST/raw/ (the shared copies add ".gz").
_TRAIN_IMAGES = "train-images-idx3-ubyte"
_TRAIN_LABELS = "train-labels-idx1-ubyte"
_TEST_IMAGES = "t10k-images-idx3-ubyte"
_TEST_LABELS = "t10k-labels-idx1-ubyte"


def shared_mnist_dir() -> Path:
    """Folder holding ``MNIST/raw/*.gz``: $SAGEBRIDGE_MNIST_DIR or ../shared/data/mnist."""
    override = os.environ.get(MNIST_DIR_ENV)
    if override:
        return Path(override)
    # tests/helpers/mnist.py -> parents[3] is the folder that holds the repo and shared/
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"


def _copy_idx_head(source: Path, dest: Path, expected_magic: int, count: int) -> None:
    """Write the first ``count`` records of the gzipped IDX ``source`` to ``dest``."""
    with gzip.open(source, "rb") as src:
        header = src.read(8)
        magic, available = struct.unpack(">II", header)
        if magic != expected_magic:
            raise ValueError(f"{source}: IDX magic {magic:#010x}, expected {expected_magic:#010x}")
        if count > available:
            raise ValueError(f"{source}: asked for {count} records, file has {available}")
        n_dims = magic & 0xFF
        inner_dims = struct.unpack(f">{n_dims - 1}I", src.read(4 * (n_dims - 1)))
        record_size = 1
        for dim in inner_dims:
            record_size *= dim
        payload = src.read(count * record_size)
    if len(payload) != count * record_size:
        raise ValueError(f"{source}: truncated, expected {count * record_size} bytes of data")
    with open(dest, "wb") as out:
        out.write(struct.pack(">II", magic, count))
        out.write(struct.pack(f">{len(inner_dims)}I", *inner_dims))
        out.write(payload)


def write_mnist_slice(dest_root: Path, n_train: int, n_test: int) -> Path:
    """Write the first ``n_train``/``n_test`` MNIST examples under ``dest_root/MNIST/raw``.

    Returns ``dest_root``, the folder to pass as ``root`` to ``torchvision.datasets.MNIST``.
    """
    if n_train < 1 or n_test < 1:
        raise ValueError(f"slice sizes must be positive, got n_train={n_train} n_test={n_test}")
    source_raw = shared_mnist_dir() / "MNIST" / "raw"
    raw = Path(dest_root) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for stem, magic, count in (
        (_TRAIN_IMAGES, _IMAGES_MAGIC, n_train),
        (_TRAIN_LABELS, _LABELS_MAGIC, n_train),
        (_TEST_IMAGES, _IMAGES_MAGIC, n_test),
        (_TEST_LABELS, _LABELS_MAGIC, n_test),
    ):
        _copy_idx_head(source_raw / f"{stem}.gz", raw / stem, magic, count)
    return Path(dest_root)
