"""A model whose class overrides `train` with a training routine of its own (the forward-forward
style: `def train(self, x_pos, x_neg)`) is exported without calling it: model.eval() would call
`train(False)` and fail the job after it trained (real scripts, issue 11 section 2)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import torch

from sagebridge.render.runtime import render_runtime


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in list(__import__("os").environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    [(name, text)] = render_runtime().items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("sagebridge_runtime_overridden_train", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Layer(torch.nn.Linear):
    def train(self, x_pos, x_neg):  # type: ignore[override]  # the script's own routine
        raise AssertionError("the export called the script's training routine")


class Net(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.first = Layer(4, 3)
        self.dropout = torch.nn.Dropout(0.5)

    def forward(self, x):
        return self.dropout(self.first(x))

    def train(self, x_pos, x_neg):  # type: ignore[override]
        raise AssertionError("the export called the script's training routine")


def test_export_sets_eval_mode_without_calling_an_overridden_train(runtime, tmp_path: Path):
    model = Net()
    assert model.training and model.dropout.training
    runtime.export_pytorch(model, beside=str(tmp_path / "ff.pt"))

    assert (tmp_path / runtime.STATE_DICT_FILE).is_file()
    assert (tmp_path / runtime.TORCHSCRIPT_FILE).is_file()
    scripted = torch.jit.load(str(tmp_path / runtime.TORCHSCRIPT_FILE))
    assert not scripted.dropout.training  # exported in eval mode
    assert model.training and model.dropout.training  # and the flags put back
