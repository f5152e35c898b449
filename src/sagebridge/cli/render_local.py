"""What a person sees during `sagebridge run --local`: a live table of the steps and their
state, the scripts' output streaming above it, and a final table with the outcome."""

from __future__ import annotations

import builtins
import time
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console, RenderableType
from rich.live import Live
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from sagebridge.cli.render_progress import RichProgress
from sagebridge.local.registry import ModelPackage, shown_path
from sagebridge.local.run.records import RunStatus, RunSummary, StepStatus
from sagebridge.progress import StepState

_STYLE = {
    StepStatus.PENDING: "dim",
    StepStatus.RUNNING: "yellow",
    StepStatus.SUCCEEDED: "green",
    StepStatus.CACHED: "cyan",
    StepStatus.FAILED: "red",
    StepStatus.INTERRUPTED: "yellow",
    StepStatus.NOT_RUN: "dim",
}


def epoch_progress(epoch: int, total: int | None) -> RenderableType:
    """`epoch 3/10 ━━━━━━╸━━━━━━━━━━━━━ 30%`, or `epoch 3` when the total is unknown."""
    if not total:
        return f"epoch {epoch}"
    done = min(epoch, total)
    cell = Table.grid(padding=(0, 1))
    cell.add_row(
        f"epoch {epoch}/{total}",
        ProgressBar(total=total, completed=done, width=20),
        f"{done / total:.0%}",
    )
    return cell


def steps_table(
    records: list[StepState],
    started: dict[str, float],
    epochs: Mapping[str, int] | None = None,
) -> Table:
    """The steps' states and durations; with `epochs` (the live view), a progress column."""
    table = Table(title="pipeline steps", show_lines=False)
    table.add_column("step")
    table.add_column("type")
    table.add_column("state")
    table.add_column("duration", justify="right")
    if epochs is not None:
        table.add_column("progress")
    for record in records:
        if record.duration_s is not None:
            duration = f"{record.duration_s:.1f}s"
        elif record.name in started:
            duration = f"{time.monotonic() - started[record.name]:.0f}s"
        else:
            duration = ""
        style = _STYLE[StepStatus(record.status)]
        row: list[RenderableType] = [
            record.name,
            record.type,
            f"[{style}]{record.status}[/]",
            duration,
        ]
        if epochs is not None:
            epoch = epochs.get(record.name)
            row.append("" if epoch is None else epoch_progress(epoch, record.epochs_total))
        table.add_row(*row)
    return table


class LiveView(RichProgress):
    """Steps appear as they start; each script's lines print above the live table, except the
    runtime's epoch progress lines, which become the step's progress bar."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self.records: list[StepState] = []
        self.started: dict[str, float] = {}
        self.epochs: dict[str, int] = {}  # the latest epoch each step reported
        self.live = Live(
            console=console,
            refresh_per_second=2,
            transient=True,  # the final table is printed once, after the run
            get_renderable=lambda: steps_table(self.records, self.started, self.epochs),
        )

    def start(self) -> None:
        self.live.start()

    def stop(self) -> None:
        self.live.stop()

    def step_started(self, step: StepState) -> None:
        self.records.append(step)
        self.started[step.name] = time.monotonic()

    def step_finished(self, step: StepState) -> None:
        self.live.refresh()

    def epoch(self, step: StepState, epoch: int) -> None:
        self.epochs[step.name] = epoch

    def step_output(self, step: StepState, line: str) -> None:
        self.console.print(f"[dim]{step.name} |[/] {escape(line)}", highlight=False, soft_wrap=True)


def print_summary(console: Console, summary: RunSummary) -> None:
    # Reasons, paths and names are the user's text: escaped, so that "[old]" in a folder name
    # is shown as it is, not taken for rich markup (dropped, or a crash for "[/x]").
    console.print(steps_table(list(summary.steps), {}))
    for name, value in sorted(summary.metrics.items()):
        console.print(f"  {escape(name)} = {value:g}")
    if summary.registered_model:
        model = summary.registered_model
        console.print(
            f"[green]registered[/] {escape(model['group'])} version {model['version']} "
            f"({model['approval_status']}): {escape(str(model['model_data']))}"
        )
    if summary.status == RunStatus.INTERRUPTED:
        done = [
            r.name for r in summary.steps if r.status in (StepStatus.SUCCEEDED, StepStatus.CACHED)
        ]
        console.print(
            f"[yellow]pipeline interrupted:[/] {escape(str(summary.failure))}; "
            f"steps done: {escape(', '.join(done) or 'none')}",
            highlight=False,
        )
    elif summary.status == RunStatus.FAILED:
        console.print(f"[red]pipeline failed:[/] {escape(str(summary.failure))}", highlight=False)
        if summary.failure_detail:
            console.print("[red]failure file:[/]", highlight=False)
            console.out(summary.failure_detail.rstrip(), highlight=False)
        failed = [r for r in summary.steps if r.status == StepStatus.FAILED]
        for record in failed:
            console.print(f"log: {escape(str(record.log))}", highlight=False)
    else:
        console.print("[green]pipeline succeeded[/]")


def render_packages(packages: builtins.list[ModelPackage], out: Path, console: Console) -> None:
    """`sagebridge models`: one row per version (paths and names escaped: "[x]" is not markup)."""
    if not packages:
        console.print(
            f"No model registered for {escape(str(out))}; run the pipeline"
            " (sagebridge run OUT --local)."
        )
        return
    table = Table()
    for name in ("group", "version", "approval"):
        table.add_column(name, no_wrap=True)
    table.add_column("metrics", overflow="fold")
    table.add_column("model data", overflow="fold")  # a path is no use cut short
    for p in packages:
        metrics = ", ".join(f"{name}={value:g}" for name, value in sorted(p.metrics.items()))
        table.add_row(
            p.group,
            str(p.version),
            p.approval_status.value,
            escape(metrics),
            escape(shown_path(p.model_data, out)),
        )
    console.print(table)
