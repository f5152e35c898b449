"""What a person reads after a run: the final table, metrics, and for a failure the reason,
the failure file's traceback and the failed step's log path."""

from __future__ import annotations

from rich.console import Console

from sagebridge.cli.render_local import print_summary
from sagebridge.local.run.records import RunStatus, RunSummary, StepRecord, StepStatus


def render(summary: RunSummary) -> str:
    console = Console(record=True, width=120, color_system=None)
    print_summary(console, summary)
    return console.export_text()


def test_failed_run_shows_reason_traceback_and_log() -> None:
    summary = RunSummary(
        status=RunStatus.FAILED,
        execution_id="abc",
        steps=(
            StepRecord("Preprocess", "Processing", StepStatus.CACHED, 0.01, "/runs/abc/P.log"),
            StepRecord("Train", "Training", StepStatus.FAILED, 1.5, "/runs/abc/Train.log"),
            StepRecord("Evaluate", "Processing", StepStatus.NOT_RUN),
        ),
        metrics={},
        registered_model=None,
        failure="Train: the training script exited with 1",
        failure_detail="Traceback (most recent call last):\nZeroDivisionError: division by zero\n",
    )
    text = render(summary)
    assert "pipeline failed: Train: the training script exited with 1" in text
    assert "ZeroDivisionError: division by zero" in text
    assert "log: /runs/abc/Train.log" in text
    assert "not_run" in text and "cached" in text


def test_succeeded_run_shows_metrics_and_the_registered_model() -> None:
    summary = RunSummary(
        status=RunStatus.SUCCEEDED,
        execution_id="abc",
        steps=(StepRecord("Register", "RegisterModel", StepStatus.SUCCEEDED, 0.2, "/r.log"),),
        metrics={"test_accuracy": 0.9567},
        registered_model={
            "group": "g",
            "version": 2,
            "approval_status": "Approved",
            "model_data": "/pkg/model.tar.gz",
        },
    )
    text = render(summary)
    assert "test_accuracy = 0.9567" in text
    assert "registered g version 2 (Approved)" in text
    assert "pipeline succeeded" in text


def test_interrupted_run_says_so_and_what_was_done() -> None:
    summary = RunSummary(
        status=RunStatus.INTERRUPTED,
        execution_id="abc",
        steps=(
            StepRecord("Preprocess", "Processing", StepStatus.SUCCEEDED, 1.0, "/runs/abc/P.log"),
            StepRecord("Train", "Training", StepStatus.INTERRUPTED, 2.0, "/runs/abc/Train.log"),
            StepRecord("Evaluate", "Processing", StepStatus.NOT_RUN),
        ),
        metrics={},
        registered_model=None,
        failure="interrupted during step Train",
    )
    text = render(summary)
    assert "pipeline interrupted: interrupted during step Train; steps done: Preprocess" in text
    (train_row,) = [line for line in text.splitlines() if "Training" in line]
    assert "interrupted" in train_row
    assert "pipeline succeeded" not in text and "pipeline failed" not in text
