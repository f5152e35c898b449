"""The person-readable summary of an `Analysis` (the JSON form is `serialize.to_json`)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sagebridge.model import Analysis, DependencyStatus, RiskLevel

RISK_STYLE = {RiskLevel.LOW: "green", RiskLevel.MEDIUM: "yellow", RiskLevel.HIGH: "red"}
STATUS_STYLE = {
    DependencyStatus.COMPATIBLE: "green",
    DependencyStatus.PROBLEMATIC: "red",
    DependencyStatus.UNDECLARED: "yellow",
    DependencyStatus.UNKNOWN: "dim",
}


def render_analysis(analysis: Analysis, console: Console) -> None:
    source = analysis.source
    risk_style = RISK_STYLE[analysis.risk.level]
    console.print(
        f"[bold]{escape(analysis.root_name)}[/bold]  entry point: {escape(analysis.entry_point)}"
    )
    console.print(
        f"{source.total_files} files ({source.python_files} Python, {source.notebook_files} "
        f"notebooks, {source.config_files} config), {source.lines_of_code} lines of code"
    )
    console.print("frameworks: " + (", ".join(analysis.frameworks) or "none recognised"))
    if analysis.companion_scripts:
        console.print(
            "companion scripts (carried into code/ untouched, not analysed as training code): "
            + escape(", ".join(analysis.companion_scripts))
        )
    console.print(
        f"risk: [{risk_style}]{analysis.risk.level}[/{risk_style}] (score {analysis.risk.score})"
        f"   complexity: {analysis.complexity}   strategy: [bold]{analysis.strategy}[/bold]"
    )
    _table(
        console,
        "Hyperparameters",
        ("name", "default", "type", "origin", "where", "hazard"),
        [
            (
                h.flag or h.name,
                repr(h.default),
                h.type,
                str(h.origin),
                f"{h.file}:{h.line}",
                str(h.hazard or ""),
            )
            for h in analysis.hyperparameters
        ],
    )
    _table(
        console,
        "Hard-coded paths",
        ("value", "role", "variable", "where"),
        [
            (p.value, str(p.role), p.variable or "", f"{p.file}:{p.line}")
            for p in analysis.hard_coded_paths
        ],
    )
    _table(
        console,
        "Dataset downloads",
        ("call", "dataset", "where"),
        [(d.call, d.dataset, f"{d.file}:{d.line}") for d in analysis.dataset_downloads],
    )
    _table(
        console,
        "Model saves",
        ("call", "format", "saves", "to", "where"),
        [
            (s.call, str(s.format), s.target or "", s.path or "", f"{s.file}:{s.line}")
            for s in analysis.model_saves
        ],
    )
    _table(
        console,
        "Model classes",
        ("name", "base", "where"),
        [(c.name, c.base, f"{c.file}:{c.line}-{c.end_line}") for c in analysis.model_classes],
    )
    _table(
        console,
        "Metrics",
        ("name", "expression", "where"),
        [(m.name, m.expression, f"{m.file}:{m.line}") for m in analysis.metrics],
    )
    for loop in analysis.training_loops:
        console.print(f"epoch loop: {escape(loop.file)}:{loop.line} (`{escape(loop.variable)}`)")
    for parser in analysis.argument_parsers:
        parsed = f", parse_args at line {parser.parse_line}" if parser.parse_line else ""
        console.print(
            f"argparse parser: `{escape(parser.variable)}` at {escape(parser.file)}:{parser.line}"
            + parsed
        )
    _table(
        console,
        "Dependencies",
        ("name", "declared", "status", "issue", "resolution"),
        [
            (
                d.name,
                d.declared or "-",
                f"[{STATUS_STYLE[d.status]}]{d.status}[/]",
                d.issue or "",
                d.resolution or "",
            )
            for d in analysis.dependencies
        ],
        escape_cells=False,
    )
    _table(
        console,
        "Secrets (masked)",
        ("kind", "value", "where"),
        [(s.kind, s.masked, f"{s.file}:{s.line}") for s in analysis.secrets],
    )
    _reasons(console, "Risk", analysis.risk.reasons)
    _reasons(console, "Complexity", analysis.complexity_reasons)
    _reasons(console, "Strategy", analysis.strategy_reasons)
    _reasons(console, "Warnings", analysis.warnings)


def _table(
    console: Console,
    title: str,
    columns: tuple[str, ...],
    rows: list[tuple[str, ...]],
    escape_cells: bool = True,
) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(escape(cell) if escape_cells else cell for cell in row))
    console.print(table)


def _reasons(console: Console, title: str, reasons: tuple[str, ...]) -> None:
    if reasons:
        console.print(f"[bold]{title}[/bold]")
        for reason in reasons:
            console.print(f"  - {escape(reason)}")
