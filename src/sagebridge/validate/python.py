"""Generated Python: it compiles, and ruff's pyflakes rules (F: undefined names, unused imports,
...) find nothing."""

from __future__ import annotations

import json

from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import find_tool, run, version_of

NAME = "python"


def check(project: Project) -> CheckResult:
    sources = project.files(".py")
    if not sources:
        return skipped(NAME, "no Python files")
    findings: list[Finding] = []
    for path in sources:
        try:
            compile(path.read_text(encoding="utf-8"), project.rel(path), "exec")
        except SyntaxError as error:
            findings.append(Finding(NAME, Severity.ERROR, project.rel(path), error.lineno,
                                    f"does not compile: {error.msg}", "compile"))
        except (UnicodeDecodeError, ValueError) as error:
            findings.append(Finding(NAME, Severity.ERROR, project.rel(path), None,
                                    f"unreadable: {error}", "compile"))
    ruff = find_tool("ruff")
    if ruff is None:
        return result(NAME, findings, reason="ruff not installed: compiled only")
    done = run([ruff, "check", "--isolated", "--select", "F", "--output-format", "json",
                "--no-cache", *(project.rel(p) for p in sources)], cwd=project.root)
    try:
        diagnostics = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        diagnostics = []
        findings.append(Finding(NAME, Severity.ERROR, ".", None,
                                f"ruff gave no JSON (exit {done.returncode}): "
                                f"{done.stderr.strip()[:300]}"))
    for diagnostic in diagnostics:
        filename = diagnostic.get("filename", "")
        if filename.startswith(str(project.root)):
            filename = project.rel(project.root / filename[len(str(project.root)) + 1:])
        findings.append(Finding(
            NAME, Severity.ERROR, filename, (diagnostic.get("location") or {}).get("row"),
            diagnostic.get("message", ""), diagnostic.get("code"),
        ))
    return result(NAME, findings, tool=version_of(ruff))
