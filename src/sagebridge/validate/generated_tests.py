"""The generated project's own tests pass: `python -m pytest tests` inside OUT, offline."""

from __future__ import annotations

import re
import sys

from sagebridge.validate.project import TESTS_DIR, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import offline_env, run

NAME = "generated-tests"
_FAILED = re.compile(r"^(FAILED|ERROR) (\S+?)(?:::(\S+))?(?: - (.*))?$")
_SUMMARY = re.compile(r"(\d+ (?:passed|failed|errors?|skipped|deselected)\b.*?) in [\d.]+s")


def check(project: Project) -> CheckResult:
    if not (project.root / TESTS_DIR).is_dir():
        return skipped(NAME, f"{TESTS_DIR}/ does not exist")
    done = run([sys.executable, "-m", "pytest", TESTS_DIR, "-q", "-rfE", "-p", "no:cacheprovider",
                "--color=no"], cwd=project.root, env=offline_env(), timeout=1800)
    findings = []
    for line in done.stdout.splitlines():
        match = _FAILED.match(line.strip())
        if match:
            findings.append(Finding(NAME, Severity.ERROR, match.group(2), None,
                                    f"{match.group(1).lower()}: {match.group(3) or ''} "
                                    f"{match.group(4) or ''}".strip(), "pytest"))
    summaries = _SUMMARY.findall(done.stdout)
    summary = summaries[-1] if summaries else f"exit {done.returncode}"
    if done.returncode not in (0,) and not findings:
        tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:])
        findings.append(Finding(NAME, Severity.ERROR, TESTS_DIR, None,
                                f"pytest exited {done.returncode}: {tail}", "pytest"))
    return result(NAME, findings, reason=summary)
