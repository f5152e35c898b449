"""`validate` passes, for real, on the three migrated examples: every linter ran and is clean."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from infrastructure.projects import EXAMPLES

from sagebridge.validate import validate_project
from sagebridge.validate.report import CheckStatus, Severity

# These checks must run (not be skipped) here: the tools are installed in this environment.
MUST_RUN = ("cfn-lint", "checkov", "iam", "python", "shell", "names", "pipeline-definition",
            "property-files", "aws-shapes")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("example", EXAMPLES)
def test_generated_project_validates(generated, example):
    before = _snapshot(generated[example])
    report = validate_project(generated[example])
    assert _snapshot(generated[example]) == before  # validating writes nothing into OUT
    by_name = {check.name: check for check in report.checks}
    for name in MUST_RUN:
        assert by_name[name].status is CheckStatus.PASSED, (name, by_name[name])
    blocking = [f for c in report.checks for f in c.findings if f.severity is not Severity.INFO]
    assert blocking == []
    # The one checkov skip is written in the template with its reason.
    skips = [f for f in by_name["checkov"].findings if f.severity is Severity.INFO]
    assert [(f.rule, "access-log target" in f.message) for f in skips] == [("CKV_AWS_18", True)]
    tests = by_name["generated-tests"]
    if (generated[example] / "tests").is_dir():
        assert tests.status is CheckStatus.PASSED, tests
        assert tests.findings == (), tests  # nothing skipped: every example runs on its data
    else:
        assert tests.status is CheckStatus.SKIPPED and tests.reason == "tests/ does not exist"
    assert report.passed
