"""Models built once per test session: training them is the slow part of these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from endpoint.archives import SklearnDigits, TorchMnist, build_sklearn_archive, build_torch_archive


@pytest.fixture(scope="session")
def sklearn_digits(tmp_path_factory: pytest.TempPathFactory) -> SklearnDigits:
    return build_sklearn_archive(tmp_path_factory.mktemp("sklearn"))


@pytest.fixture(scope="session")
def torch_mnist(tmp_path_factory: pytest.TempPathFactory) -> TorchMnist:
    return build_torch_archive(tmp_path_factory.mktemp("torch"))


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("endpoint")
