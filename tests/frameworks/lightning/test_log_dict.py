"""`self.log_dict({...})` and `self.log(..., on_epoch=True)`: the plan finds each label and the
hook it is logged from, and the migrated script logs each metric once per epoch, as Lightning
aggregates it (examples/corpus/lightning-logdict-regression, original vs migrated)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.lightning_logs import hook_stage, logged_labels
from sagebridge.migrate import migrate_project
from sagebridge.model import MetricReport
from sagebridge.plan import build_plan

from .conftest import CORPUS, container_env, laptop_env, run

PROJECT = "lightning-logdict-regression"

MODULE = """
import lightning as L
import torch
from torch import nn


class Lit(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Linear(4, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = nn.functional.mse_loss(self.net(x), y)
        self.log("loss", loss, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        pred = self.net(x)
        self.log_dict({"val_loss": nn.functional.mse_loss(pred, y), "val_mae": (pred - y).abs().mean()})
        scores = {"val_rmse": nn.functional.mse_loss(pred, y).sqrt()}
        scores["val_r2"] = 1 - nn.functional.mse_loss(pred, y) / y.var()
        self.log_dict(scores, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


if __name__ == "__main__":
    L.Trainer(max_epochs=2).fit(Lit())
"""


def test_log_dict_labels_and_their_hooks_are_found() -> None:
    found = [(e.line, e.label, e.value, e.stage) for e in logged_labels(ast.parse(MODULE), MODULE)]
    assert found == [
        (15, "loss", "loss", "train"),
        (21, "val_loss", "nn.functional.mse_loss(pred, y)", "validation"),
        (21, "val_mae", "(pred - y).abs().mean()", "validation"),
        (24, "val_r2", "scores['val_r2']", "validation"),
        (24, "val_rmse", "scores['val_rmse']", "validation"),
    ]
    assert [hook_stage(f) for f in ("on_train_epoch_end", "test_step", "forward")] == [
        "train", "test", None,
    ]  # fmt: skip


def test_log_dict_metrics_are_found_with_their_direction(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(MODULE)
    metrics = {m.name: m for m in analyze_project(tmp_path).metrics}
    assert {name: m.greater_is_better for name, m in metrics.items()} == {
        "train_loss": False,
        "validation_loss": False,
        "validation_mae": False,
        "validation_rmse": False,
        "validation_r2": True,
    }
    assert {m.reported_by for m in metrics.values()} == {MetricReport.LOG_CALL}


def test_log_dict_is_logged_by_the_epoch_callback_not_after_each_batch(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(MODULE)
    plan = build_plan(analyze_project(src), metric="train_loss")
    assert plan.lightning is not None
    assert plan.lightning.metrics == (
        ("loss", "train_loss"),
        ("val_loss", "validation_loss"),
        ("val_mae", "validation_mae"),
        ("val_r2", "validation_r2"),
        ("val_rmse", "validation_rmse"),
    )
    # "loss" comes from training_step: read when the training epoch ends, aggregated
    assert plan.lightning.train_labels == ("loss",)
    migrate_project(src, tmp_path / "out", metric="train_loss")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    assert "sagebridge_runtime.log_metric(" not in code  # not once per batch
    assert 'monitor="loss", mode="min", train=["loss"])' in code


def _epoch_lines(text: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r"^epoch \d+: loss ([0-9.]+) val_mse ([0-9.]+) val_mae ([0-9.]+)$", text, re.MULTILINE
    )


def _logged(name: str, text: str) -> list[str]:
    return [f"{float(v):.4f}" for v in re.findall(rf"^{name}=([0-9.e-]+);$", text, re.MULTILINE)]


def test_corpus_project_logs_each_metric_once_per_epoch_as_lightning_aggregates_it(
    tmp_path: Path,
) -> None:
    """The original prints each epoch's values from trainer.callback_metrics; the migrated
    script (train_loss chosen, so the on_epoch training loss is logged too) logs the same
    values, once per epoch: the log_dict labels when validation ends, the training loss when
    the training epoch ends (its epoch mean, not the last batch's)."""
    original = tmp_path / "original"
    shutil.copytree(CORPUS / PROJECT, original)
    subprocess.run([sys.executable, "make_data.py"], cwd=original, check=True, capture_output=True)
    migrate_project(CORPUS / PROJECT, tmp_path / "out", metric="train_loss")
    code = tmp_path / "out" / "code"
    args = ["--max_epochs", "2"]
    before = run(original / "train.py", args, original, laptop_env())
    env = container_env(tmp_path / "opt_ml", original / "data")
    after = run(code / "train.py", args, code, env)
    epochs = _epoch_lines(before)
    assert len(epochs) == 2 and _epoch_lines(after) == epochs
    assert _logged("train_loss", after) == [loss for loss, _, _ in epochs]
    assert _logged("validation_mse", after) == [mse for _, mse, _ in epochs]
    assert _logged("validation_mae", after) == [mae for _, _, mae in epochs]
    model_dir = tmp_path / "opt_ml" / "model"
    assert {p.name for p in model_dir.iterdir()} >= {"model.ckpt", "model.pth", "model.pt"}


def test_corpus_project_default_objective_is_the_validation_mae() -> None:
    src = CORPUS / PROJECT
    plan = build_plan(analyze_project(src))
    assert (plan.objective_metric, plan.objective_greater_is_better) == ("validation_mae", False)
    assert plan.lightning is not None
    assert (plan.lightning.monitor, plan.lightning.mode) == ("val_mae", "min")
    assert plan.lightning.metrics == (("val_mae", "validation_mae"), ("val_mse", "validation_mse"))
