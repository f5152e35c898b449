"""`sagebridge_runtime.record_hyperparameters`: the settings the model's constructor reads, as
the script parsed them, written beside the model when it is saved (issue 11). The rendered
runtime is imported from a real file; a real torch model is saved through `export_pytorch`."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from sagebridge import contract
from sagebridge.render.runtime import render_runtime

SETTINGS = (("hidden", "namespace"), ("WIDTH", "variable"), ("layers", "variable"))
WIDTH = 24  # a module constant the migration made a setting: read from this module's globals


def _runtime(tmp_path: Path, settings: tuple[tuple[str, str], ...]) -> ModuleType:
    [(name, text)] = render_runtime(settings=settings).items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(f"sagebridge_runtime_{len(settings)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _save(runtime: ModuleType, folder: Path) -> None:
    """As a training script does: the parsed Namespace and a local in the saving function."""
    import torch

    folder.mkdir(exist_ok=True)  # the script's own save made it
    args = argparse.Namespace(hidden=32, epochs=3)
    layers = [args.hidden, 10]
    model = torch.nn.Sequential(torch.nn.Linear(4, layers[0]), torch.nn.Linear(*layers))
    runtime.export_pytorch(model, beside=str(folder / contract.STATE_DICT_FILE))


def test_export_records_the_values_the_script_runs_with(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, SETTINGS)
    _save(runtime, tmp_path / "model")
    recorded = json.loads((tmp_path / "model" / contract.TRAINED_HYPERPARAMETERS_FILE).read_text())
    assert recorded == {"hidden": 32, "WIDTH": 24, "layers": [32, 10]}
    assert (tmp_path / "model" / contract.TORCHSCRIPT_FILE).is_file()


def test_a_setting_not_found_or_not_json_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runtime = _runtime(tmp_path, (("hidden", "namespace"), ("missing", "variable")))
    hidden = object()  # noqa: F841 - found before the Namespace's: not JSON, so left out
    runtime.record_hyperparameters(str(tmp_path / "model"))
    recorded = json.loads((tmp_path / "model" / contract.TRAINED_HYPERPARAMETERS_FILE).read_text())
    assert recorded == {}
    err = capsys.readouterr().err
    assert "setting 'missing' not found" in err
    assert "setting 'hidden' is not JSON (object)" in err


def test_without_settings_the_runtime_records_nothing(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, ())
    assert not hasattr(runtime, "record_hyperparameters")
    _save(runtime, tmp_path / "model")
    assert (tmp_path / "model" / contract.TORCHSCRIPT_FILE).is_file()
    assert not (tmp_path / "model" / contract.TRAINED_HYPERPARAMETERS_FILE).exists()
