"""A shared step logging an f-string label (`self.log(f"{stage}_loss", loss, on_step=True,
on_epoch=True)`) that each hook calls with its stage: a metric and a label per call site, and
the migrated script logs the epoch-level value Lightning aggregates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.lightning_logs import logged_labels
from sagebridge.migrate import migrate_project
from sagebridge.model import MetricReport
from sagebridge.plan import build_plan

from .conftest import container_env, laptop_env, run

MODULE = """
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class Lit(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Linear(4, 1)

    def _common_step(self, batch, stage):
        x, y = batch
        loss = nn.functional.mse_loss(self.net(x), y)
        self.log(f"{stage}_loss", loss, on_step=True, on_epoch=True)
        return loss

    def training_step(self, batch, batch_idx):
        return self._common_step(batch, "train")

    def validation_step(self, batch, batch_idx):
        self._common_step(batch, stage="val")

    def test_step(self, batch, batch_idx):
        self._common_step(batch, "test")

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


class Show(L.Callback):
    def on_validation_end(self, trainer, pl_module):
        if not trainer.sanity_checking:
            print(f"V {float(trainer.callback_metrics['val_loss_epoch']):.6f}")

    def on_train_epoch_end(self, trainer, pl_module):
        print(f"E {float(trainer.callback_metrics['train_loss_epoch']):.6f}")

    def on_test_end(self, trainer, pl_module):
        print(f"T {float(trainer.callback_metrics['test_loss_epoch']):.6f}")


def loader(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(40, 4, generator=g)
    return DataLoader(TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8)


if __name__ == "__main__":
    torch.manual_seed(0)
    trainer = L.Trainer(max_epochs=2, callbacks=[Show()], logger=False,
                        enable_progress_bar=False, enable_model_summary=False)
    model = Lit()
    trainer.fit(model, loader(1), loader(2))
    trainer.test(model, loader(3))
"""

LOG_LINE = 16  # the shared step's self.log


def test_shared_step_labels_are_resolved_per_call_site_in_the_callers_stage() -> None:
    found = [(e.line, e.label, e.value, e.stage) for e in logged_labels(ast.parse(MODULE), MODULE)]
    assert found == [
        (LOG_LINE, "test_loss", "loss", "test"),
        (LOG_LINE, "train_loss", "loss", "train"),
        (LOG_LINE, "val_loss", "loss", "validation"),
    ]


def test_shared_step_metrics_are_found_one_per_stage(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(MODULE)
    metrics = {m.name: m for m in analyze_project(tmp_path).metrics}
    assert {n: (m.line, m.expression, m.greater_is_better) for n, m in metrics.items()} == {
        "train_loss": (LOG_LINE, "loss", False),
        "validation_loss": (LOG_LINE, "loss", False),
        "test_loss": (LOG_LINE, "loss", False),
    }
    assert {m.reported_by for m in metrics.values()} == {MetricReport.LOG_CALL}


def test_one_label_from_two_callers_is_one_metric(tmp_path: Path) -> None:
    """A second caller passing "val" (a hook of its own) does not make `val_loss` ambiguous."""
    script = MODULE.replace(
        "    def configure_optimizers(self):",
        "    def on_validation_batch_end(self, outputs, batch, batch_idx):\n"
        '        self._common_step(batch, "val")\n\n'
        "    def configure_optimizers(self):",
    )
    (tmp_path / "train.py").write_text(script)
    names = [m.name for m in analyze_project(tmp_path).metrics]
    assert sorted(names) == ["test_loss", "train_loss", "validation_loss"]
    plan = build_plan(analyze_project(tmp_path), metric="validation_loss").lightning
    assert plan is not None and plan.monitor == "val_loss"
    assert set(plan.metrics) == {("val_loss", "validation_loss"), ("test_loss", "test_loss")}


def test_a_call_site_with_a_computed_stage_resolves_nothing(tmp_path: Path) -> None:
    """One call passes a variable: the labels the script logs are not all known."""
    script = MODULE.replace('self._common_step(batch, "test")', "self._common_step(batch, s)")
    (tmp_path / "train.py").write_text(script)
    assert analyze_project(tmp_path).metrics == ()
    assert logged_labels(ast.parse(script), script) == []


def test_shared_step_labels_are_monitored_and_logged_by_the_epoch_callback(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(MODULE)
    analysis = analyze_project(src)
    default = build_plan(analysis)  # the held-out test loss is the gate's metric
    assert (default.objective_metric, default.objective_greater_is_better) == ("test_loss", False)
    plan = build_plan(analysis, metric="validation_loss")
    assert plan.lightning is not None
    assert set(plan.lightning.metrics) == {
        ("val_loss", "validation_loss"),
        ("test_loss", "test_loss"),
    }
    assert (plan.lightning.monitor, plan.lightning.mode) == ("val_loss", "min")
    chosen = build_plan(analysis, metric="train_loss").lightning
    assert chosen is not None  # the training loss: read when the training epoch ends
    assert ("train_loss", "train_loss") in chosen.metrics
    assert chosen.train_labels == ("train_loss",)


def _values(pattern: str, text: str) -> list[str]:
    return [f"{float(v):.6f}" for v in re.findall(pattern, text, re.MULTILINE)]


def test_migrated_shared_step_logs_the_epoch_aggregate_lightning_computes(
    tmp_path: Path,
) -> None:
    """`on_step=True` forks the label: Lightning keeps `val_loss_step` and `val_loss_epoch`.
    The migrated script logs, once per training epoch, validation and test, the value the
    original reads as `<label>_epoch` (the epoch aggregate), not a batch's."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(MODULE)
    before = run(src / "train.py", [], src, laptop_env())
    migrate_project(src, tmp_path / "out", metric="train_loss")  # all three logged
    code = tmp_path / "out" / "code"
    env = container_env(tmp_path / "opt_ml", src)
    after = run(code / "train.py", [], code, env)
    val_epochs = _values(r"^V ([0-9.]+)$", before)
    test_epochs = _values(r"^T ([0-9.]+)$", before)
    train_epochs = _values(r"^E ([0-9.]+)$", before)
    assert len(val_epochs) == len(train_epochs) == 2 and len(test_epochs) == 1
    assert _values(r"^train_loss=([0-9.e-]+);$", after) == train_epochs
    assert _values(r"^validation_loss=([0-9.e-]+);$", after) == val_epochs
    assert _values(r"^test_loss=([0-9.e-]+);$", after) == test_epochs
