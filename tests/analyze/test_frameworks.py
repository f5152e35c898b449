"""Imports -> frameworks, and the import list dependencies are built from."""

from __future__ import annotations

import pytest

from sagebridge.analyze.frameworks import (
    find_frameworks,
    imported_modules,
    uses_distributed_training,
)
from sagebridge.model import Framework as F

from .conftest import parse


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import torch.nn as nn", {F.PYTORCH}, id="submodule-alias"),
        pytest.param("from torchvision import datasets", {F.TORCHVISION}, id="from-import"),
        pytest.param("from tensorflow import keras", {F.TENSORFLOW, F.KERAS}, id="tf-keras"),
        pytest.param("import pytorch_lightning as pl", {F.LIGHTNING}, id="lightning-old-name"),
        pytest.param(
            "from sklearn.ensemble import RandomForestClassifier", {F.SKLEARN}, id="sklearn"
        ),
        pytest.param(
            "import xgboost as xgb\nimport lightgbm", {F.XGBOOST, F.LIGHTGBM}, id="boosters"
        ),
        pytest.param("def f():\n    import transformers", {F.TRANSFORMERS}, id="nested-import"),
        pytest.param("from .torch import x\nimport numpy", set(), id="relative-and-other"),
    ],
)
def test_find_frameworks(source: str, expected: set[F]) -> None:
    assert find_frameworks(parse(source)) == expected


def test_imported_modules_lists_parents() -> None:
    assert imported_modules(parse("import a.b.c\nfrom d.e import f")) == {
        "a",
        "a.b",
        "a.b.c",
        "d",
        "d.e",
        "d.e.f",
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import torch.distributed as dist", True),
        ("import horovod.torch as hvd", True),
        ("import torch", False),
    ],
)
def test_distributed_training(source: str, expected: bool) -> None:
    assert uses_distributed_training(parse(source)) is expected


def test_keras_through_tensorflow_namespace() -> None:
    source = "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
    assert find_frameworks(parse(source)) == {F.TENSORFLOW, F.KERAS}
