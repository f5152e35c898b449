"""What a person sees during `sagebridge run --local`: a live table of the steps and their
state, the scripts' output streaming above it, and a final table with the outcome."""

from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.table import Table

from sagebridge.local.runner import Observer, RunStatus, RunSummary, StepRecord, StepStatus

_STYLE = {
    StepStatus.PENDING: "dim",
    StepStatus.RUNNING: "yellow",
    StepStatus.SUCCEEDED: "green",
    StepStatus.CACHED: "cyan",
    StepStatus.FAILED: "red",
    StepStatus.NOT_RUN: "dim",
}


def steps_table(records: list[StepRecord], started: dict[str, float]) -> Table:
    table = Table(title="pipeline steps", show_lines=False)
    table.add_column("step")
    table.add_column("type")
    table.add_column("state")
    table.add_column("duration", justify="right")
    for record in records:
        if record.duration_s is not None:
            duration = f"{record.duration_s:.1f}s"
        elif record.name in started:
            duration = f"{time.monotonic() - started[record.name]:.0f}s"
        else:
            duration = ""
        style = _STYLE[record.status]
        table.add_row(record.name, record.type, f"[{style}]{record.status}[/]", duration)
    return table


class LiveView(Observer):
    """Steps appear as they start; each script's lines print above the live table."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.records: list[StepRecord] = []
        self.started: dict[str, float] = {}
        self.live = Live(
            console=console,
            refresh_per_second=2,
            transient=True,  # the final table is printed once, after the run
            get_renderable=lambda: steps_table(self.records, self.started),
        )

    def start(self) -> None:
        self.live.start()

    def stop(self) -> None:
        self.live.stop()

    def step_started(self, record: StepRecord) -> None:
        self.records.append(record)
        self.started[record.name] = time.monotonic()

    def step_finished(self, record: StepRecord) -> None:
        self.live.refresh()

    def line(self, record: StepRecord, text: str) -> None:
        self.console.print(
            f"[dim]{record.name} |[/] {escape(text)}", highlight=False, soft_wrap=True
        )


def print_summary(console: Console, summary: RunSummary) -> None:
    console.print(steps_table(list(summary.steps), {}))
    for name, value in sorted(summary.metrics.items()):
        console.print(f"  {name} = {value:g}")
    if summary.registered_model:
        model = summary.registered_model
        console.print(
            f"[green]registered[/] {model['group']} version {model['version']} "
            f"({model['approval_status']}): {model['model_data']}"
        )
    if summary.status == RunStatus.FAILED:
        console.print(f"[red]pipeline failed:[/] {summary.failure}", highlight=False)
        if summary.failure_detail:
            console.print("[red]failure file:[/]", highlight=False)
            console.out(summary.failure_detail.rstrip(), highlight=False)
        failed = [r for r in summary.steps if r.status == StepStatus.FAILED]
        for record in failed:
            console.print(f"log: {record.log}", highlight=False)
    else:
        console.print("[green]pipeline succeeded[/]")
