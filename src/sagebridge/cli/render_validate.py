"""`sagebridge validate` for a person: one line per check, then findings by file and line."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sagebridge.validate.report import CheckStatus, Severity, ValidationReport

_MARKS = {CheckStatus.PASSED: "[green]passed [/green]", CheckStatus.FAILED: "[red]FAILED [/red]",
          CheckStatus.SKIPPED: "[yellow]skipped[/yellow]"}


def render_report(report: ValidationReport, console: Console) -> None:
    for check in report.checks:
        detail = " · ".join(part for part in (check.tool, check.reason) if part)
        counted = [f for f in check.findings if f.severity is not Severity.INFO]
        count = f" {len(counted)} finding(s)" if counted else ""
        console.print(f"{_MARKS[check.status]} {check.name:<20} {check.seconds:6.1f}s{count}"
                      f"  [dim]{escape(detail)}[/dim]", highlight=False)
    findings = sorted((f for c in report.checks for f in c.findings),
                      key=lambda f: (f.file, f.line or 0, f.check))
    if findings:
        console.print()
    for finding in findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        rule = f" {finding.rule}" if finding.rule else ""
        style = "dim" if finding.severity is Severity.INFO else "bold"
        console.print(f"[{style}]{escape(where)}[/{style}]: {finding.severity.value} "
                      f"{escape(f'[{finding.check}{rule}]')} {escape(finding.message)}",
                      highlight=False, soft_wrap=True)
