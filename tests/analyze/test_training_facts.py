"""analyze/training.py: how the model is built, trained and saved is found once by analysis
(Analysis.training), so the plan decides from facts (issue 10)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model import Analysis
from sagebridge.model.model_build import ArgumentKind

TORCH_SCRIPT = """\
import argparse
import os

import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader

HIDDEN = 64
OUT_DIR = "models"
MODEL_PATH = os.path.join(OUT_DIR, "net.pt")


class Net(nn.Module):
    def __init__(self, width, heads=1):
        super().__init__()
        self.fc = nn.Linear(width, HIDDEN)

    def forward(self, x, mask):
        return self.fc(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--sched", action="store_true")
    args = parser.parse_args()
    train_loader = DataLoader(list(range(4)))
    val_loader = DataLoader(list(range(4)))
    model = Net(args.width, heads=(args.width, args.width))
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    if args.sched:
        scheduler = optim.lr_scheduler.StepLR(optimizer, 1)
    for epoch in range(args.epochs):
        print(f"epoch={epoch};")
    torch.save(model.state_dict(), MODEL_PATH)


if __name__ == "__main__":
    main()
"""


def _analyse(tmp_path: Path, code: str) -> Analysis:
    src = tmp_path / "project"
    src.mkdir()
    (src / "train.py").write_text(textwrap.dedent(code))
    return analyze_project(src)


def test_the_epoch_loop_state_is_what_is_bound_on_every_path_before_the_loop(
    tmp_path: Path,
) -> None:
    state = _analyse(tmp_path, TORCH_SCRIPT).training.epoch_loop
    assert state is not None and (state.file, state.variable) == ("train.py", "epoch")
    assert (state.models, state.optimizers) == (("model",), ("optimizer",))
    assert state.schedulers == ()  # assigned only under `if args.sched:`


def test_a_save_writes_the_model_and_its_path_is_followed_to_module_assignments(
    tmp_path: Path,
) -> None:
    (save,) = _analyse(tmp_path, TORCH_SCRIPT).training.saves
    assert (save.model_variable, save.sample_loader) == ("model", "val_loader")
    assert set(save.path_names) >= {"MODEL_PATH", "OUT_DIR"}
    assert not save.path_reads_model_dir and save.path_literal is None


def test_the_model_build_names_what_each_constructor_argument_reads(tmp_path: Path) -> None:
    built = _analyse(tmp_path, TORCH_SCRIPT).training.model
    assert built is not None and built.class_name == "Net" and built.instantiated
    width, heads = built.arguments
    assert (width.kind, width.setting, width.setting_default) == (
        ArgumentKind.SETTING, "width", "8",
    )
    assert width.from_argparse
    assert (heads.keyword, heads.kind, heads.literal) == ("heads", ArgumentKind.FIXED, "(8, 8)")
    assert "class Net(nn.Module):" in built.definition
    assert built.forward_inputs == 2  # forward(self, x, mask)
    # HIDDEN is a module constant made a setting that __init__ reads: passed as a keyword
    assert [s.name for s in built.module_settings] == ["HIDDEN"]
    assert built.init_takes_keywords and built.read_elsewhere == ()
    assert "def __init__(self, width, heads=1, HIDDEN=HIDDEN):" in built.definition_with_settings


def test_an_argument_that_depends_on_runtime_state_is_said_so(tmp_path: Path) -> None:
    code = TORCH_SCRIPT.replace("Net(args.width, heads=(args.width, args.width))", "Net(len(train_loader))")
    built = _analyse(tmp_path, code).training.model
    assert built is not None
    assert [(a.text, a.kind) for a in built.arguments] == [
        ("len(train_loader)", ArgumentKind.RUNTIME)
    ]


ACCELERATE_TRAINER = """\
from accelerate import Accelerator
from transformers import AutoModelForSequenceClassification, Trainer

accelerator = Accelerator()
model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
trainer = Trainer(model=model)
trainer.train()
"""


def test_the_hugging_face_facts_of_the_entry_point(tmp_path: Path) -> None:
    found = _analyse(tmp_path, ACCELERATE_TRAINER).training.huggingface
    assert (found.accelerator_line, found.bare_train_line) == (4, 7)
    assert found.pretrained_head is not None
    assert (found.pretrained_head.class_name, found.pretrained_head.task) == (
        "AutoModelForSequenceClassification", "text-classification",
    )


def test_a_script_without_model_or_loop_has_no_training_facts(tmp_path: Path) -> None:
    facts = _analyse(tmp_path, "print('accuracy=1.0;')\n").training
    assert (facts.model, facts.epoch_loop, facts.saves, facts.lightning) == (None, None, (), None)
    assert facts.huggingface.accelerator_line is None
