"""A model class reading a module constant that migrate made a pipeline parameter
(`nn.Linear(9216, hidden)` in `__init__`) is rebuilt by evaluate.py and inference.py with the
value the training job ran with (issue 11 leftover), or left out with the reason when the
setting is read where it can't be passed."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import torch
from helpers.paths import example

from sagebridge import contract
from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.migrate import migrate_project
from sagebridge.plan import build_plan


def _project(tmp_path: Path, class_attribute: bool = False) -> Path:
    """ec2-mnist with its hidden width a module setting the class reads."""
    src = tmp_path / "hidden-mnist"
    shutil.copytree(example("ec2-mnist"), src)
    train = src / "train.py"
    code = (
        train.read_text()
        .replace("log_interval = 10\n", "log_interval = 10\nhidden = 128\n")
        .replace("nn.Linear(9216, 128)", "nn.Linear(9216, hidden)")
        .replace("nn.Linear(128, 10)", "nn.Linear(hidden, 10)")
    )
    if class_attribute:
        code = code.replace("class Net(nn.Module):\n", "class Net(nn.Module):\n    width = hidden\n")
    train.write_text(code)
    return src


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_evaluate_and_inference_rebuild_the_model_at_the_overridden_setting(
    tmp_path: Path,
) -> None:
    src = _project(tmp_path)
    out = tmp_path / "out"
    migrate_project(src, out)
    # What a training job run with `-p hidden=32` writes: the user's own class at hidden=32 and
    # the settings the runtime records beside it.
    user = _load(src / "train.py", "hidden_mnist_train")
    user.hidden = 32
    trained = user.Net()
    model_root = tmp_path / "model"
    model_root.mkdir()
    torch.save(trained.state_dict(), model_root / contract.STATE_DICT_FILE)
    (model_root / contract.TRAINED_HYPERPARAMETERS_FILE).write_text(json.dumps({"hidden": 32}))

    evaluate = _load(out / "code" / "evaluate.py", "hidden_mnist_evaluate")
    model, scripted = evaluate.load_model(model_root)
    assert scripted is None and model.fc1.out_features == 32
    inference = _load(out / "code" / "inference.py", "hidden_mnist_inference")
    served = inference.model_fn(str(model_root))
    assert served.fc1.out_features == 32
    batch = torch.randn(2, 1, 28, 28)
    trained.eval()
    with torch.no_grad():
        assert torch.allclose(served(batch), trained(batch))
    # A model trained before settings were recorded: the script's default.
    (model_root / contract.TRAINED_HYPERPARAMETERS_FILE).unlink()
    user.hidden = 128
    torch.save(user.Net().state_dict(), model_root / contract.STATE_DICT_FILE)
    assert evaluate.load_model(model_root)[0].fc1.out_features == 128


def test_a_setting_read_outside_init_leaves_evaluate_and_inference_out(tmp_path: Path) -> None:
    src = _project(tmp_path, class_attribute=True)
    plan = build_plan(analyze_project(src), read_data_samples(src))
    assert plan.steps is not None and plan.model is not None
    assert {"code/evaluate.py", "code/inference.py"} <= set(plan.steps.left_out_files)
    assert "the setting `hidden`" in plan.steps.inference.reason
    assert "read outside __init__" in plan.steps.inference.reason
    assert "hidden=hidden" not in plan.model.definition
