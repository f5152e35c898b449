"""The one way library code tells a person what a long operation is doing.

The local runner, the AWS waits, uploads and cleanups report through a `Progress`; the CLI
implements it for the terminal (`sagebridge.cli.render_progress`), tests record it, and the default
(`Progress()` itself) stays silent. Text passed here is plain: never markup.

A pipeline's steps are reported the same way whether they run here or on SageMaker:

    progress.step_started(record)            # a pipeline step began (local, or AWS's execution)
    progress.epoch(record, 3)                # its training reported epoch 3 (local)
    progress.step_finished(record)           # it ended: record.status, record.failure_reason
    progress.message("  endpoint e: Creating")  # a status line (AWS waits, cleanup, dry-run)
    progress.transfer_started("uploading to s3://b", total=1024); progress.transferred(512)
"""

from __future__ import annotations

from typing import Protocol

from sagebridge.model import StrEnum


class Level(StrEnum):
    INFO = "info"
    DETAIL = "detail"  # e.g. a dry-run's recorded AWS call: dim, never wrapped
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class StepState(Protocol):
    """What a step shows while it runs (the local runner's `StepRecord` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def duration_s(self) -> float | None: ...

    @property
    def epochs_total(self) -> int | None: ...

    @property
    def failure_reason(self) -> str:
        """Why it failed ("" unless it did)."""
        ...


class Progress:
    """Override what you show; every method defaults to silence."""

    def step_started(self, step: StepState) -> None:
        """A step began (on AWS: also each later running status, `Starting` -> `Executing`)."""

    def step_finished(self, step: StepState) -> None:
        """A step ended: succeeded, failed, stopped, cached or not run."""

    def step_output(self, step: StepState, line: str) -> None:
        """One line a step's script printed (epoch progress lines come as `epoch`)."""

    def epoch(self, step: StepState, epoch: int) -> None: ...

    def message(self, text: str, level: Level = Level.INFO) -> None: ...

    def transfer_started(self, description: str, total: int) -> None:
        """Bytes are about to move (`total` of them); `transferred` reports each chunk."""

    def transferred(self, size: int) -> None: ...

    def transfer_finished(self) -> None: ...


SILENT = Progress()
