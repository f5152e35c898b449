"""checkov's CloudFormation policies: 0 failed checks; every skip must carry its reason."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sagebridge.validate.project import TEMPLATES_DIR, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import find_checkov, run, version_of

NAME = "checkov"


def _reports(stdout: str) -> list[dict[str, Any]]:
    document = json.loads(stdout)
    # One framework gives an object; several give a list. An empty scan gives a bare summary.
    return document if isinstance(document, list) else [document]


def check(project: Project) -> CheckResult:
    templates = project.templates()
    if not templates:
        return skipped(NAME, f"no templates under {TEMPLATES_DIR}/")
    executable = find_checkov()
    if executable is None:
        return skipped(NAME, "checkov not found ($SAGEBRIDGE_CHECKOV, PATH, .tools/checkov); "
                             "run scripts/setup-venv.sh's ensure_checkov")
    findings: list[Finding] = []
    # checkov caches under $HOME/.cache: give it a throwaway home so OUT stays untouched.
    with tempfile.TemporaryDirectory(prefix="sagebridge-checkov-") as home:
        env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "HOME": home}
        for template in templates:
            findings += _scan(executable, project, template, env)
    return result(NAME, findings, tool=f"checkov {version_of(executable)}")


def _scan(executable: str, project: Project, template: Path, env: dict[str, str]
          ) -> list[Finding]:
    relative = project.rel(template)
    command = [executable, "-f", relative, "--framework", "cloudformation", "-o", "json",
               "--skip-download", "--compact"]
    done = run(command, cwd=project.root, env=env)
    try:
        reports = _reports(done.stdout)
    except json.JSONDecodeError:
        return [Finding(NAME, Severity.ERROR, relative, None,
                        f"checkov gave no JSON (exit {done.returncode}): "
                        f"{done.stderr.strip()[-300:]}")]
    return [finding for report in reports for finding in _findings(report, relative)]


def _findings(report: dict[str, Any], relative: str) -> list[Finding]:
    findings: list[Finding] = []
    summary = report.get("summary", {})
    if summary.get("parsing_errors"):
        findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                "checkov could not parse the template"))
    results = report.get("results", {})
    for failed in results.get("failed_checks", []):
        findings.append(Finding(
            NAME, Severity.ERROR, relative, (failed.get("file_line_range") or [None])[0],
            f"{failed.get('resource')}: {failed.get('check_name')}", failed.get("check_id"),
        ))
    for skip in results.get("skipped_checks", []):
        reason = (skip.get("check_result") or {}).get("suppress_comment") or ""
        line = (skip.get("file_line_range") or [None])[0]
        if reason.strip() and reason != "No comment provided":
            findings.append(Finding(NAME, Severity.INFO, relative, line,
                                    f"{skip.get('resource')}: skipped: {reason}",
                                    skip.get("check_id")))
        else:
            findings.append(Finding(NAME, Severity.ERROR, relative, line,
                                    f"{skip.get('resource')}: skip without a written reason",
                                    skip.get("check_id")))
    return findings
