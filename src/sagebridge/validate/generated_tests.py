"""The generated project's own tests pass: `python -m pytest tests` inside OUT, offline.

A failed or erroring test is an error. Skipped tests are reported as one info finding with their
count and first reasons: they don't fail validation (warnings would: report.failing), but a
check that passed while testing little says so instead of passing silently.
"""

from __future__ import annotations

import re
import sys

from sagebridge.validate.project import TESTS_DIR, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import offline_env, run

NAME = "generated-tests"
_FAILED = re.compile(r"^(FAILED|ERROR) (\S+?)(?:::(\S+))?(?: - (.*))?$")
_SKIPPED = re.compile(r"^SKIPPED \[(\d+)\] (\S+?)(?::\d+)?: (.*)$")
SHOWN_SKIP_REASONS = 3
_SUMMARY = re.compile(r"(\d+ (?:passed|failed|errors?|skipped|deselected)\b.*?) in [\d.]+s")


def check(project: Project) -> CheckResult:
    if not (project.root / TESTS_DIR).is_dir():
        return skipped(NAME, f"{TESTS_DIR}/ does not exist")
    done = run([sys.executable, "-m", "pytest", TESTS_DIR, "-q", "-rfEs", "-p", "no:cacheprovider",
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
    skip = _skipped(done.stdout)
    if skip is not None:
        findings.append(skip)
    return result(NAME, findings, reason=summary)


def _skipped(stdout: str) -> Finding | None:
    """One info finding for every skipped test: how many, and the first distinct reasons."""
    count = 0
    reasons: dict[str, None] = {}  # distinct, in the order pytest lists them
    files: list[str] = []
    for line in stdout.splitlines():
        match = _SKIPPED.match(line.strip())
        if match:
            count += int(match.group(1))
            files.append(match.group(2))
            reasons.setdefault(match.group(3))
    if not count:
        return None
    shown = list(reasons)[:SHOWN_SKIP_REASONS]
    more = f" (+{len(reasons) - len(shown)} more)" if len(reasons) > len(shown) else ""
    file = files[0] if len(set(files)) == 1 else TESTS_DIR
    return Finding(NAME, Severity.INFO, file, None,
                   f"{count} generated test(s) skipped: {'; '.join(shown)}{more}", "pytest")
