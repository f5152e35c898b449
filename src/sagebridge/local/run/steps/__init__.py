"""One executor per pipeline step type; the runner picks them from `EXECUTORS` by `Type`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sagebridge.local.run.resolve import Resolver
from sagebridge.local.run.steps.process import LineSink
from sagebridge.local.run.store import ObjectStore
from sagebridge.project.pipeline_definition import Step


class StepFailed(Exception):
    """The step ran and failed: `reason` is what SageMaker would show as FailureReason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail  # e.g. the failure file's traceback


class Unsupported(Exception):
    """A step type or feature the local runner can't imitate faithfully."""


@dataclass
class StepContext:
    out: Path
    store: ObjectStore
    resolver: Resolver
    run_dir: Path  # OUT/.sagebridge/runs/<run>/
    execution_id: str
    log_path: Path
    emit: LineSink
    processes: int = 1  # `run --local --processes N`: a torchrun training job's process count


@dataclass
class StepOutcome:
    properties: Mapping[str, Any]
    metrics: dict[str, float] = field(default_factory=dict)
    branch: list[str] | None = None  # condition steps: the names of the steps chosen to run
    registered: Mapping[str, Any] | None = None


class Executor(Protocol):
    def __call__(self, step: Step, context: StepContext) -> StepOutcome: ...
