"""`sagebridge_runtime.py` as rendered into OUT/code: each helper on a laptop (no SM_*) and in
a container (SM_* set), imported from a real file in tmp_path."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from sagebridge import contract
from sagebridge.render.runtime import render_runtime


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in list(__import__("os").environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    [(name, text)] = render_runtime().items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("sagebridge_runtime_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_names_come_from_the_contract(runtime: ModuleType) -> None:
    assert runtime.MODEL_DIR_ENV == contract.ENV_MODEL_DIR
    assert runtime.CONTAINER_CHECKPOINT_DIR == "/opt/ml/checkpoints"
    assert runtime.CONTAINER_FAILURE_FILE == "/opt/ml/output/failure"
    assert runtime.FAILURE_REASON_LIMIT == contract.FAILURE_REASON_LIMIT


@pytest.mark.parametrize(("text", "value"), [
    ("True", True), ("true", True), ("1", True), ("yes", True),
    ("False", False), ("false", False), ("0", False), ("no", False),
])
def test_str2bool(runtime: ModuleType, text: str, value: bool) -> None:
    assert runtime.str2bool(text) is value


def test_str2bool_rejects_other_text(runtime: ModuleType) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        runtime.str2bool("maybe")


def test_log_metric_on_a_laptop_only_prints(runtime, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runtime.log_metric("test_accuracy", 0.5)
    assert capsys.readouterr().out == "test_accuracy=0.5;\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagebridge_runtime.py"]


def test_log_metric_keeps_the_latest_values(runtime, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(contract.ENV_OUTPUT_DATA_DIR, str(tmp_path / "output" / "data"))
    runtime.log_metric("test_loss", 0.75)
    runtime.log_metric("test_accuracy", 0.5)
    runtime.log_metric("test_loss", 0.25)
    written = json.loads((tmp_path / "output" / "data" / "metrics.json").read_text())
    assert written == {"test_accuracy": 0.5, "test_loss": 0.25}


@pytest.mark.parametrize("variable", [contract.ENV_OUTPUT_FAILURE, contract.ENV_OUTPUT_DIR])
def test_failure_file_then_reraise(runtime, tmp_path, monkeypatch, variable: str) -> None:
    monkeypatch.setenv(variable, str(tmp_path / "failure" if variable.endswith("FAILURE")
                                     else tmp_path))
    with pytest.raises(ValueError, match="bad shape"), runtime.failure_file():
        raise ValueError("bad shape")
    text = (tmp_path / "failure").read_text()
    assert text.startswith("ValueError: bad shape\n\nTraceback (most recent call last)")


def test_no_failure_file_on_a_laptop(runtime, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KeyError), runtime.failure_file():
        raise KeyError("x")
    assert not (tmp_path / "failure").exists()


def test_checkpoints_are_off_on_a_laptop(runtime) -> None:
    assert runtime.checkpoint_dir() is None


def test_checkpoints_in_the_container_and_overridable(runtime, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(contract.ENV_TRAINING_ENV, "{}")
    assert runtime.checkpoint_dir() == "/opt/ml/checkpoints"
    monkeypatch.setenv(contract.ENV_CHECKPOINT_DIR, str(tmp_path))
    assert runtime.checkpoint_dir() == str(tmp_path)


def test_a_hand_set_model_dir_is_not_a_container(runtime, monkeypatch, tmp_path) -> None:
    """A laptop run with SM_MODEL_DIR set by hand once resumed another project's stale
    /opt/ml/checkpoints: only the container (SM_TRAINING_ENV, resourceconfig.json) uses it."""
    monkeypatch.setenv(contract.ENV_MODEL_DIR, str(tmp_path / "model"))
    assert runtime.checkpoint_dir() is None
    config = tmp_path / "resourceconfig.json"
    config.write_text("{}")
    monkeypatch.setattr(runtime, "CONTAINER_RESOURCE_CONFIG", str(config))
    assert runtime.checkpoint_dir() == "/opt/ml/checkpoints"


def test_record_hosts_warns_about_several_hosts(runtime, monkeypatch, capsys) -> None:
    monkeypatch.setenv(contract.ENV_HOSTS, '["algo-1", "algo-2"]')
    monkeypatch.setenv(contract.ENV_CURRENT_HOST, "algo-2")
    runtime.record_hosts()
    captured = capsys.readouterr()
    assert "SageMaker hosts: ['algo-1', 'algo-2']; this host: algo-2" in captured.out
    assert "2 hosts but the script is not distributed" in captured.err


def _unscriptable_model():  # type: ignore[no-untyped-def]
    import torch

    class Doubler(torch.nn.Module):
        """`*inputs` can't be scripted, but tracing one batch works."""

        def __init__(self) -> None:
            super().__init__()
            self.linear = torch.nn.Linear(4, 2)

        def forward(self, *inputs):  # type: ignore[no-untyped-def]
            return self.linear(inputs[0]) * 2

    return Doubler()


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_export_pytorch_traces_when_scripting_fails(runtime, tmp_path: Path, capsys) -> None:
    import torch

    model = _unscriptable_model()
    batch = torch.randn(3, 4)
    loader = [(batch, torch.zeros(3))]  # what a DataLoader yields: (inputs, targets)
    runtime.export_pytorch(model, beside=str(tmp_path / "weights.bin"), sample_loader=loader)

    assert set(torch.load(tmp_path / "model.pth", weights_only=True)) == {"linear.weight",
                                                                       "linear.bias"}
    loaded = torch.jit.load(str(tmp_path / "model.pt"))
    assert torch.equal(loaded(batch), model(batch))
    assert model.training  # put back in training mode after the export
    assert capsys.readouterr().err == ""


def test_export_pytorch_warns_when_neither_works(runtime, tmp_path: Path, capsys) -> None:
    runtime.export_pytorch(_unscriptable_model(), beside=str(tmp_path / "model.pth"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagebridge_runtime.py"]
    err = capsys.readouterr().err
    assert "TorchScript: scripting failed" in err
    assert "no model.pt: serving will need a model_fn that loads model.pth" in err


def test_configurator_argv_turns_sagemaker_pairs_into_key_equals_value(runtime, monkeypatch) -> None:
    monkeypatch.setattr("sys.argv", ["train.py", "--batch_size", "8", "--init_from", "resume",
                                     "--config_file", "config/train_small.py", "--lr=0.1"])
    runtime.configurator_argv()
    import sys

    assert sys.argv == ["train.py", "config/train_small.py", "--batch_size=8",
                        "--init_from=resume", "--lr=0.1"]


def test_export_of_a_checkpoint_dict_warns_instead_of_crashing(runtime, tmp_path, capsys) -> None:
    runtime.export_pytorch({"model": {}, "iter_num": 3}, beside=str(tmp_path / "ckpt.pt"))
    assert "holds a dict, not a model" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sagebridge_runtime.py"]


def test_configurator_argv_drops_values_equal_to_the_defaults(runtime, monkeypatch) -> None:
    """SageMaker passes every hyperparameter: `--max_iters 200` (the script's default) must not
    undo the config file's `max_iters = 60`; a changed value and the config file stay."""
    monkeypatch.setattr("sys.argv", ["train.py", "--config_file", "config/small.py",
                                     "--max_iters", "200", "--dataset", "tiny",
                                     "--decay_lr", "True", "--learning_rate", "0.01"])
    settings = {"max_iters": 200, "dataset": "tiny", "decay_lr": True, "learning_rate": 0.001}
    runtime.configurator_argv(settings)
    import sys

    assert sys.argv == ["train.py", "config/small.py", "--learning_rate=0.01"]
    monkeypatch.setattr("sys.argv", ["train.py", "--config_file", "", "--max_iters", "200"])
    runtime.configurator_argv()  # no settings: every value passes; "" passes no config file
    assert sys.argv == ["train.py", "--max_iters=200"]
