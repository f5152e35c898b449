"""The typed result of `sagebridge validate`: per-check status and findings by file and line.

These records are what `--json` prints (through `serialize.to_json`, which adds `schema`), so
their field names are a contract pinned by tests/validate/test_report_json.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # reported, never fails a check (e.g. a checkov skip with its reason)


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # the tool or the input is missing; `reason` says which


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    file: str  # POSIX path relative to the project folder
    line: int | None
    message: str
    rule: str | None = None  # the tool's own id, e.g. "E3002", "CKV_AWS_18", "SC2086"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: CheckStatus
    findings: tuple[Finding, ...] = ()
    reason: str | None = None  # why it was skipped, or what it ran
    tool: str | None = None  # tool and version, e.g. "cfn-lint 1.58.0"
    seconds: float = 0.0


@dataclass(frozen=True)
class ValidationReport:
    project: str  # the project's name (from metadata.json), never an absolute path
    checks: tuple[CheckResult, ...]
    passed: bool  # no check failed (skipped checks are listed with their reasons)


def failing(findings: tuple[Finding, ...]) -> bool:
    """Errors and warnings fail a check; info findings are only reported."""
    return any(f.severity is not Severity.INFO for f in findings)


def result(name: str, findings: list[Finding], *, tool: str | None = None,
           reason: str | None = None) -> CheckResult:
    """A ran check: failed when any finding is an error or a warning, else passed."""
    ordered = tuple(sorted(findings, key=lambda f: (f.file, f.line or 0, f.rule or "",
                                                    f.message)))
    status = CheckStatus.FAILED if failing(ordered) else CheckStatus.PASSED
    return CheckResult(name=name, status=status, findings=ordered, reason=reason, tool=tool)


def skipped(name: str, reason: str) -> CheckResult:
    return CheckResult(name=name, status=CheckStatus.SKIPPED, reason=reason)
