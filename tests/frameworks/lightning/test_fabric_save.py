"""Lightning Fabric's `fabric.save(path, state)` is a model save (analyze/fabric.py): the pipeline
passes the flag it waits for, the file goes to SM_MODEL_DIR with model.pth/model.pt beside it
(what Evaluate and inference.py load), and the Fabric loop resumes after a spot interruption.
Before, the save was not seen: the flag stayed False, nothing landed in the model archive and
Evaluate failed ("model.pth is not in model.tar.gz")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import torch

from sagebridge.analyze import analyze_project
from sagebridge.analyze.saves import find_saves
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import EvaluateKind, Framework, SaveFormat
from sagebridge.plan import build_plan

from .conftest import CORPUS, container_env, laptop_env, run

PROJECT = CORPUS / "fabric-save-flag"


@pytest.mark.parametrize(
    ("text", "fmt", "target", "where"),
    [
        (("from lightning.fabric import Fabric\nfabric = Fabric()\n"
          "fabric.save(path='m.pt', state=model.state_dict())\n"),
         SaveFormat.STATE_DICT, "model.state_dict()", "'m.pt'"),
        ("import lightning as L\nf = L.Fabric(accelerator='cpu')\nf.save('ckpt.pt', {'model': model})\n",
         SaveFormat.PICKLE, "{'model': model}", "'ckpt.pt'"),
        ("from lightning_fabric import Fabric\nFabric().save('w.pt', model.state_dict())\n",
         SaveFormat.STATE_DICT, "model.state_dict()", "'w.pt'"),
    ],
)
def test_fabric_save_is_a_torch_save(text: str, fmt: SaveFormat, target: str, where: str) -> None:
    saves = find_saves(ParsedModule.parse("train.py", text), {Framework.PYTORCH})
    assert [(s.call, s.format, s.target, s.path) for s in saves] == [
        ("Fabric.save", fmt, target, where)
    ]


def test_save_of_something_else_is_not_a_model_save() -> None:
    text = "import numpy as np\nimage = Image()\nimage.save('x.png')\nnp.save('a.npy', a)\n"
    assert find_saves(ParsedModule.parse("train.py", text), {Framework.PYTORCH}) == []


def test_plan_passes_the_save_flag_and_exports_beside_the_fabric_save() -> None:
    plan = build_plan(analyze_project(PROJECT, "train.py"))
    flag = [h for h in plan.hyperparameters if h.name == "save_model"]
    assert flag and flag[0].default in ("True", True)
    assert [s.call for s in plan.saves] == ["Fabric.save"]
    assert plan.saves[0].model_variable == "model"
    assert plan.steps.registers_model
    # An .npz read in the script: no test set the tool exports, so no Evaluate (stated) and the
    # gate reads the training job's metric (the MNIST original gets both: docs in the report).
    assert plan.steps.evaluate.kind is EvaluateKind.NONE and plan.steps.evaluate.reason
    assert plan.objective_metric == "test_accuracy"


def test_same_accuracy_and_model_files_in_the_model_dir(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run(original / "make_data.py", [], original, laptop_env())
    args = ["--epochs", "2"]
    before = run(original / "train.py", args, original, laptop_env())
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    code, job = out / "code", tmp_path / "opt_ml"
    env = container_env(job, original / "data")
    after = run(code / "train.py", [*args, "--save-model", "True"], code, env)

    pattern = r"test accuracy: ([0-9.]+)"
    assert re.findall(pattern, before) and re.findall(pattern, before) == re.findall(pattern, after)
    model_dir = job / "model"
    assert {"digits_cnn.pt", "model.pth", "model.pt"} <= {p.name for p in model_dir.iterdir()}
    assert not (code / "digits_cnn.pt").exists()
    state = torch.load(model_dir / "model.pth", weights_only=True)
    assert set(state) == set(torch.load(model_dir / "digits_cnn.pt", weights_only=True))


def test_spot_interruption_resumes_after_epoch_1(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run(original / "make_data.py", [], original, laptop_env())
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    code, job = out / "code", tmp_path / "opt_ml"
    env = container_env(job, original / "data")
    first = run(code / "train.py", ["--epochs", "1"], code, env)  # stopped after epoch 1
    assert "Resumed" not in first
    second = run(code / "train.py", ["--epochs", "3"], code, env)  # SageMaker restarts it
    assert "(epoch 1 done)" in second
    assert re.findall(r"^Epoch (\d+):", second, re.MULTILINE) == ["2", "3"]
