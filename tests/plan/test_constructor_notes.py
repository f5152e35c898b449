"""Notes about a constructor argument of the rebuilt model are typed (plan/fidelity.py's
`argument=`), not found by their text: a LightningModule loaded with load_from_checkpoint
(its saved hyperparameters size it) drops exactly those."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

from sagebridge.analyze import analyze_with_index
from sagebridge.plan import build_plan
from sagebridge.plan.fidelity import Informational, Note, NoteStep, Review, Unfaithful
from sagebridge.plan.lightning import lightning_model
from sagebridge.plan.model_code import plan_model

SCRIPT = '''
    import argparse

    import lightning as L
    import torch
    from torch import nn


    class Lit(L.LightningModule):
        def __init__(self, width):
            super().__init__()
            self.save_hyperparameters()
            self.layer = nn.Linear(4, width)

        def forward(self, x):
            return self.layer(x)

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = nn.functional.cross_entropy(self(x), y)
            self.log("train_loss", loss)
            return loss

        def validation_step(self, batch, batch_idx):
            x, y = batch
            self.log("val_loss", nn.functional.cross_entropy(self(x), y))

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)


    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--width", type=int, default=3)
        args = parser.parse_args()
        model = Lit(args.width * 2)
        trainer = L.Trainer(max_epochs=2)
        trainer.fit(model)


    if __name__ == "__main__":
        main()
'''


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "lit"
    src.mkdir()
    (src / "train.py").write_text(textwrap.dedent(SCRIPT))
    (src / "requirements.txt").write_text("lightning\ntorch\n")
    return src


def test_a_constructor_argument_note_is_typed_and_the_checkpoint_loader_drops_it(
    tmp_path: Path,
) -> None:
    analysed = analyze_with_index(_project(tmp_path))
    rebuilt = plan_model(analysed.analysis)
    assert rebuilt is not None
    (note,) = rebuilt.notes
    assert isinstance(note, Unfaithful) and note.argument == "args.width * 2"
    plan = build_plan(analysed.analysis)
    assert plan.model is not None and plan.model.checkpoint_file == "model.ckpt"
    assert plan.model.notes == ()


def test_the_checkpoint_loader_drops_notes_by_type_not_by_text(tmp_path: Path) -> None:
    analysed = analyze_with_index(_project(tmp_path))
    model = build_plan(analysed.analysis).model
    assert model is not None
    untyped = "constructor argument `x` reads like one but is a plain note: kept"
    notes = (
        Review("width is fixed to 6 where the model is rebuilt", argument="args.width * 2"),
        Informational("hidden comes from the training job", argument="hidden"),
        Unfaithful("depth depends on runtime state", NoteStep.MODEL, argument="depth"),
        Review("the data's label column is a guess"),
        untyped,
    )
    lit = replace(model, checkpoint_file="", artifacts=model.artifacts[1:], notes=notes)
    loaded = lightning_model(analysed.analysis, lit)
    assert loaded is not None and loaded.checkpoint_file == "model.ckpt"
    assert loaded.notes == ("the data's label column is a guess", untyped)
    assert isinstance(loaded.notes[0], Note) and loaded.notes[0].argument == ""
