"""cfn-lint over the generated CloudFormation templates: 0 errors and 0 warnings expected."""

from __future__ import annotations

import json

from sagebridge.validate.project import TEMPLATES_DIR, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import find_tool, run, version_of

NAME = "cfn-lint"
_LEVELS = {"Error": Severity.ERROR, "Warning": Severity.WARNING, "Informational": Severity.INFO}


def check(project: Project) -> CheckResult:
    templates = project.templates()
    if not templates:
        return skipped(NAME, f"no templates under {TEMPLATES_DIR}/")
    executable = find_tool("cfn-lint")
    if executable is None:
        return skipped(NAME, "cfn-lint is not installed (pip install cfn-lint)")
    findings: list[Finding] = []
    for template in templates:
        relative = project.rel(template)
        done = run([executable, "-f", "json", relative], cwd=project.root)
        try:
            matches = json.loads(done.stdout or "[]")
        except json.JSONDecodeError:
            findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                    f"cfn-lint gave no JSON (exit {done.returncode}): "
                                    f"{done.stderr.strip()[:300]}"))
            continue
        for match in matches:
            findings.append(Finding(
                check=NAME,
                severity=_LEVELS.get(match.get("Level", ""), Severity.ERROR),
                file=relative,
                line=match.get("Location", {}).get("Start", {}).get("LineNumber"),
                message=match.get("Message", ""),
                rule=match.get("Rule", {}).get("Id"),
            ))
        if done.returncode != 0 and not matches:
            findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                    f"cfn-lint exited {done.returncode}: "
                                    f"{done.stderr.strip()[:300]}"))
    return result(NAME, findings, tool=version_of(executable))
