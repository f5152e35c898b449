"""Training progress in `sagebridge run --local`: the runtime prints `epoch=N;` after each epoch
(in a container only), the runner knows the epoch count from the hyperparameters, and the live
view turns both into a progress bar."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rich.console import Console
from tiny_pipeline import TRAIN, definition, upload_code, write_numbers

from sagebridge import contract
from sagebridge.cli.render_local import LiveView, steps_table
from sagebridge.local.run.records import StepRecord, StepStatus
from sagebridge.local.run.resolve import Resolver
from sagebridge.local.run.runner import (
    RunOptions,
    RunStatus,
    local_store,
    run_definition,
)
from sagebridge.local.run.step_progress import epochs_total, report_line
from sagebridge.project.pipeline_definition import parse_step
from sagebridge.render.runtime import render_runtime


def shown(view: LiveView) -> str:
    """The live table as a person sees it, rendered once to text."""
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(steps_table(view.records, view.started, view.epochs))
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def row(text: str, step: str) -> str:
    """The table line of `step`, cells separated by single spaces."""
    [line] = [line for line in text.splitlines() if line.startswith(f"│ {step} ")]
    return " ".join(line.replace("│", " ").split())


def running(name: str, epochs: int | None) -> StepRecord:
    return StepRecord(name, "Training", StepStatus.RUNNING, epochs_total=epochs)


# ---- the view, on hand-fed lines -------------------------------------------------------------


def test_known_total_shows_a_bar_and_the_percentage() -> None:
    view = LiveView(Console(file=io.StringIO()))
    record = running("Train", 10)
    view.step_started(record)
    for epoch in (1, 2, 3):
        report_line(view, record, contract.EPOCH_PROGRESS_FORMAT.format(epoch=epoch))
    assert re.fullmatch(r"Train Training running \d+s epoch 3/10 ━+ 30%", row(shown(view), "Train"))


def test_unknown_total_shows_the_epoch_without_a_bar() -> None:
    view = LiveView(Console(file=io.StringIO()))
    record = running("Train", None)
    view.step_started(record)
    report_line(view, record, "epoch=4;")
    assert re.fullmatch(r"Train Training running \d+s epoch 4", row(shown(view), "Train"))


def test_progress_lines_feed_the_bar_and_other_lines_print() -> None:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    view = LiveView(console)
    record = running("Train", 2)
    view.step_started(record)
    report_line(view, record, "epoch=1;")
    report_line(view, record, "loss=0.5; epoch=1;")  # not the progress line: the script's own output
    assert view.epochs == {"Train": 1}
    assert isinstance(console.file, io.StringIO)
    assert console.file.getvalue() == "Train | loss=0.5; epoch=1;\n"


def test_a_step_without_progress_has_an_empty_cell() -> None:
    view = LiveView(Console(file=io.StringIO()))
    view.step_started(StepRecord("Preprocess", "Processing", StepStatus.RUNNING))
    text = shown(view)
    assert "progress" in text.splitlines()[2]  # the header
    assert re.fullmatch(r"Preprocess Processing running \d+s", row(text, "Preprocess"))


# ---- the runner: the epoch count from the hyperparameters ------------------------------------


def _resolver(**parameters: Any) -> Resolver:
    return Resolver(parameters, {}, lambda step, name: None)


@pytest.mark.parametrize(
    ("hyperparameters", "expected"),
    [
        ({"epochs": "10"}, 10),
        ({"num_epochs": "3", "lr": "0.1"}, 3),
        ({"n_epochs": "4"}, 4),
        ({"max_epochs": "5"}, 5),
        ({"epoch": "6"}, 6),
        ({"epochs": {"Get": "Parameters.Epochs"}}, 7),  # resolved like the step's own arguments
        ({"lr": "0.1", "iterations": "100"}, None),
        ({"epochs": "auto"}, None),
    ],
)
def test_epochs_total_from_the_usual_spellings(hyperparameters: dict, expected: int | None) -> None:
    step = parse_step(
        {"Name": "Train", "Type": "Training", "Arguments": {"HyperParameters": hyperparameters}}
    )
    assert epochs_total(step, _resolver(Epochs=7)) == expected


def test_only_training_steps_have_an_epoch_count() -> None:
    step = parse_step(
        {"Name": "Prep", "Type": "Processing", "Arguments": {"HyperParameters": {"epochs": 3}}}
    )
    assert epochs_total(step, _resolver()) is None


REPORTING_TRAIN = TRAIN.replace('print(f"epoch {epoch}")', 'print(f"epoch={epoch};")')


class StartedRecorder(LiveView):
    """The real live view (never started: no terminal here), noting the total at step start."""

    def __init__(self) -> None:
        super().__init__(Console(file=io.StringIO(), width=120, color_system=None))
        self.totals_at_start: dict[str, int | None] = {}

    def step_started(self, record: StepRecord) -> None:
        self.totals_at_start[record.name] = record.epochs_total
        super().step_started(record)


def test_runner_passes_the_epoch_count_and_the_view_shows_the_bar(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert REPORTING_TRAIN != TRAIN
    upload_code(local_store(out), train_script=REPORTING_TRAIN)
    write_numbers(tmp_path / "data", [1, 2, 3, 4, 5, 6])
    view = StartedRecorder()
    options = RunOptions(
        out=out, parameters={"epochs": "3"}, data={"raw": str(tmp_path / "data")}, progress=view
    )
    summary = run_definition(definition(), options)

    assert summary.status == RunStatus.SUCCEEDED
    assert view.totals_at_start["Train"] == 3  # the `epochs` hyperparameter, from -p epochs=3
    assert view.totals_at_start["Preprocess"] is None
    assert view.epochs == {"Train": 3}
    assert re.fullmatch(
        r"Train Training succeeded [0-9.]+s epoch 3/3 ━+ 100%", row(shown(view), "Train")
    )


# ---- the runtime prints the progress line ----------------------------------------------------


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """`sagebridge_runtime.py` as rendered into OUT/code, imported from a real file."""
    for name in list(__import__("os").environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    [(name, text)] = render_runtime().items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("sagebridge_runtime_progress", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runtime_prints_the_progress_line_when_saving_in_a_container(
    runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import torch

    monkeypatch.setenv(contract.ENV_MODEL_DIR, str(tmp_path / "model"))
    monkeypatch.setenv(contract.ENV_CHECKPOINT_DIR, str(tmp_path / "checkpoints"))
    checkpoints = runtime.Checkpoints(model=torch.nn.Linear(2, 1))
    checkpoints.save(1)
    checkpoints.save(2)
    out = capsys.readouterr().out
    assert out == "epoch=1;\nepoch=2;\n"
    assert all(re.match(contract.EPOCH_PROGRESS_PATTERN, line) for line in out.splitlines())
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["checkpoint-2.pt"]


def test_runtime_counts_epochs_from_one_whatever_the_loop_counts_from(
    runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """`for epoch in range(epochs)` saves 0, 1, ...; a resumed job counts the skipped epochs."""
    import torch

    monkeypatch.setenv(contract.ENV_MODEL_DIR, str(tmp_path / "model"))
    monkeypatch.setenv(contract.ENV_CHECKPOINT_DIR, str(tmp_path / "checkpoints"))
    first = runtime.Checkpoints(model=torch.nn.Linear(2, 1))
    for epoch in range(2):
        first.save(epoch)
    resumed = runtime.Checkpoints(model=torch.nn.Linear(2, 1))  # picks up checkpoint-1.pt
    for epoch in range(3):
        if not resumed.done(epoch):
            resumed.save(epoch)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("epoch=")]
    assert lines == ["epoch=1;", "epoch=2;", "epoch=3;"]


def test_runtime_prints_nothing_on_a_laptop(runtime: ModuleType, capsys) -> None:
    runtime.Checkpoints(model=object()).save(1)  # checkpoints are off: the model is not touched
    assert capsys.readouterr().out == ""
