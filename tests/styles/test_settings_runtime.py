"""The runtime helpers that put SageMaker's `--name value` hyperparameters where each style
reads them (templates/runtime/_parts/settings_argv.py.jinja): only inside SageMaker, sys.argv
or the environment unchanged on a laptop, and only in a runtime rendered for them."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sagebridge import contract
from sagebridge.render.runtime import render_runtime


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in list(os.environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    [(name, text)] = render_runtime(settings_argv=True).items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("sagebridge_runtime_settings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_sagemaker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(contract.ENV_MODEL_DIR, str(tmp_path / "model"))


def test_only_rendered_when_asked() -> None:
    [text] = render_runtime().values()
    assert "def absl_argv" not in text and "def hydra_argv" not in text


def test_absl_pairs_joined_in_sagemaker(runtime, monkeypatch, tmp_path) -> None:
    argv = ["train.py", "--epochs", "3", "--shuffle", "False", "--offset", "-1", "--fast"]
    monkeypatch.setattr(sys, "argv", list(argv))
    runtime.absl_argv()
    assert sys.argv == argv  # a laptop: as typed
    _in_sagemaker(monkeypatch, tmp_path)
    runtime.absl_argv()
    assert sys.argv == ["train.py", "--epochs=3", "--shuffle=False", "--offset=-1", "--fast"]


def test_environ_settings_in_sagemaker_only(runtime, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "argv", ["train.py", "--epochs", "7", "--lr=0.5", "--other", "x"])
    monkeypatch.setenv("EPOCHS", "2")
    monkeypatch.delenv("LR", raising=False)
    runtime.environ_settings({"--epochs": "EPOCHS", "--lr": "LR", "--seed": "SEED"})
    assert os.environ["EPOCHS"] == "2" and "LR" not in os.environ  # a laptop
    _in_sagemaker(monkeypatch, tmp_path)
    monkeypatch.delenv("SEED", raising=False)
    runtime.environ_settings({"--epochs": "EPOCHS", "--lr": "LR", "--seed": "SEED"})
    assert (os.environ["EPOCHS"], os.environ["LR"]) == ("7", "0.5")
    assert "SEED" not in os.environ and "OTHER" not in os.environ
    monkeypatch.delenv("LR")


def test_hydra_overrides_in_sagemaker(runtime, monkeypatch, tmp_path) -> None:
    argv = ["train.py", "--model.depth", "4", "--name", "a b,c", "--lr", "1e-3", "--other", "1"]
    monkeypatch.setattr(sys, "argv", list(argv))
    runtime.hydra_argv(["model.depth", "name", "lr"])
    assert sys.argv == argv
    _in_sagemaker(monkeypatch, tmp_path)
    runtime.hydra_argv(["model.depth", "name", "lr"])
    assert sys.argv == ["train.py", "model.depth=4", "name='a b,c'", "lr=1e-3", "--other", "1"]
