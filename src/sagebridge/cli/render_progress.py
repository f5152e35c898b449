"""`Progress` shown with rich: status lines by level, and a transfer bar for uploads."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, TaskID, TransferSpeedColumn
from rich.progress import Progress as Bar

from sagebridge.progress import Level, Progress, StepState

_STYLE = {
    Level.INFO: "",
    Level.DETAIL: "dim",
    Level.SUCCESS: "green",
    Level.WARNING: "yellow",
    Level.ERROR: "red",
}


class RichProgress(Progress):
    """Prints each message, and each step's status as it changes, as one line (the text is
    plain: escaped, never taken for markup). The local run's live table overrides the step
    reports (render_local.LiveView)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._bar: Bar | None = None
        self._task: TaskID | None = None

    def message(self, text: str, level: Level = Level.INFO) -> None:
        style = _STYLE[level]
        shown = f"[{style}]{escape(text)}[/]" if style else escape(text)
        # a recorded AWS call stays on one line, however long, so that it can be copied
        self.console.print(shown, highlight=False, soft_wrap=level == Level.DETAIL)

    def step_started(self, step: StepState) -> None:
        self.message(f"  {step.name}: {step.status}")

    def step_finished(self, step: StepState) -> None:
        reason = f" ({step.failure_reason})" if step.failure_reason else ""
        self.message(f"  {step.name}: {step.status}{reason}")

    def transfer_started(self, description: str, total: int) -> None:
        self._bar = Bar(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=self.console,
        )
        self._bar.start()
        self._task = self._bar.add_task(escape(description), total=total)

    def transferred(self, size: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, size)

    def transfer_finished(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar, self._task = None, None
