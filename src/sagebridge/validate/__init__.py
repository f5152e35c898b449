"""`sagebridge validate OUT`: run the real linters and the generated tests over a project.

Checks run in this order (later ones read what earlier ones built, e.g. the pipeline
definition); each returns a `CheckResult` that is passed, failed (with findings by file and
line) or skipped (with the reason, e.g. a missing tool). A skipped check never counts as passed.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from sagebridge.validate import (
    aws_shapes,
    checkov,
    cloudformation,
    generated_tests,
    iam,
    names,
    pipeline,
    python,
    python_version,
    shell,
    steps,
)
from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckResult, CheckStatus, ValidationReport

Check = Callable[[Project], CheckResult]

CHECKS: tuple[Check, ...] = (
    cloudformation.check,
    checkov.check,
    iam.check,
    python.check,
    python_version.check,
    shell.check,
    pipeline.build_definition,
    pipeline.check_property_files,
    steps.check,
    aws_shapes.check,
    names.check,
    generated_tests.check,
)


def validate_project(out: Path, checks: tuple[Check, ...] = CHECKS) -> ValidationReport:
    """Run `checks` over the project in `out` (UserError if it is not a sagebridge project)."""
    project = Project.load(out)
    results = []
    for check in checks:
        started = time.monotonic()
        outcome = check(project)
        results.append(dataclasses.replace(outcome,
                                           seconds=round(time.monotonic() - started, 2)))
    return ValidationReport(
        project=project.names.project,
        checks=tuple(results),
        passed=all(r.status is not CheckStatus.FAILED for r in results),
    )
