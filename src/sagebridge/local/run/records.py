"""What a local run records: each step's status, duration and log, and the run's summary, with
the `--json` document written for it (`sagebridge run --local --json`, the last-run file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sagebridge.model import StrEnum


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    CACHED = "cached"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # Ctrl-C came while it ran; its processes were stopped
    NOT_RUN = "not_run"  # a condition chose the other branch, or the run stopped before it


class RunStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


@dataclass
class StepRecord:
    name: str
    type: str
    status: StepStatus = StepStatus.PENDING
    duration_s: float | None = None
    log: str | None = None
    epochs_total: int | None = None  # a Training step's epoch count, when a hyperparameter says
    versions: dict[str, Any] | None = None  # a job step's image versions beside this machine's
    failure_reason: str = ""  # why it failed (the run's `failure` when it is the failed step)


@dataclass(frozen=True)
class RunSummary:
    status: RunStatus
    execution_id: str | None  # None: interrupted before any execution started
    steps: tuple[StepRecord, ...]
    metrics: dict[str, float]
    registered_model: dict[str, Any] | None
    failure: str | None = None  # the failed step's reason
    failure_detail: str | None = None  # e.g. the failure file's traceback
    warnings: tuple[str, ...] = ()  # e.g. a damaged cache entry that was ignored


def summary_document(summary: RunSummary) -> dict[str, Any]:
    """The `--json` document (sagebridge.serialize.to_json adds the schema version)."""
    return {
        "status": summary.status,
        "execution_id": summary.execution_id,
        "steps": [
            {
                "name": r.name,
                "type": r.type,
                "status": r.status,
                "duration_s": r.duration_s,
                "log": r.log,
                "versions": r.versions,
            }
            for r in summary.steps
        ],
        "metrics": summary.metrics,
        "registered_model": summary.registered_model,
        "failure": summary.failure,
        "failure_detail": summary.failure_detail,  # the failed step's failure file (traceback)
        "warnings": list(summary.warnings),
    }
