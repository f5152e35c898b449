"""`validate` passes, for real, on the three migrated examples: every linter ran and is clean.

The report is the session's one validate of each example (tests/conftest.py `validated`).
"""

from __future__ import annotations

import pytest
from infrastructure.projects import EXAMPLES

from sagebridge.validate.report import CheckStatus, Severity

# These checks must run (not be skipped) here: the tools are installed in this environment.
MUST_RUN = ("cfn-lint", "checkov", "iam", "python", "shell", "names", "pipeline-definition",
            "property-files", "aws-shapes")


@pytest.mark.parametrize("example", EXAMPLES)
def test_generated_project_validates(validated, example):
    done = validated(example)
    assert done.after == done.before  # validating writes nothing into OUT
    report = done.report
    for name in MUST_RUN:
        assert done.check(name).status is CheckStatus.PASSED, (name, done.check(name))
    blocking = [f for c in report.checks for f in c.findings if f.severity is not Severity.INFO]
    assert blocking == []
    # The one checkov skip is written in the template with its reason.
    skips = [f for f in done.check("checkov").findings if f.severity is Severity.INFO]
    assert [(f.rule, "access-log target" in f.message) for f in skips] == [("CKV_AWS_18", True)]
    tests = done.check("generated-tests")
    if (done.out / "tests").is_dir():
        assert tests.status is CheckStatus.PASSED, tests
        assert tests.findings == (), tests  # nothing skipped: every example runs on its data
    else:
        assert tests.status is CheckStatus.SKIPPED and tests.reason == "tests/ does not exist"
    assert report.passed
