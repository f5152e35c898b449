"""`sagebridge validate` of a migrated example, run once per session and shared.

A full validate runs every linter and the generated project's own tests (the slowest part of
the suite): the validate tests and the generated-project tests read the same report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sagebridge.validate import validate_project
from sagebridge.validate.report import CheckResult, ValidationReport


@dataclass(frozen=True)
class Validated:
    out: Path
    report: ValidationReport
    # sha256 of every file under OUT just before and just after validating it.
    before: dict[str, bytes]
    after: dict[str, bytes]

    def check(self, name: str) -> CheckResult:
        matches = [check for check in self.report.checks if check.name == name]
        assert len(matches) == 1, (name, [c.name for c in self.report.checks])
        return matches[0]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def validate_once(out: Path) -> Validated:
    before = snapshot(out)
    report = validate_project(out)
    return Validated(out, report, before, snapshot(out))
