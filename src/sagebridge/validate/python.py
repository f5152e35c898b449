"""Generated Python: it compiles, and ruff's pyflakes rules (F: undefined names, unused imports,
...) find nothing; in the user's own code, only on the lines migrate added or where the code
can't run (an unused import the original script already had is reported, not failed)."""

from __future__ import annotations

import json

from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import find_tool, run, version_of
from sagebridge.validate.user_code import migrated_lines

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
    users = migrated_lines(project.root)
    for diagnostic in diagnostics:
        filename = diagnostic.get("filename", "")
        if filename.startswith(str(project.root)):
            filename = project.rel(project.root / filename[len(str(project.root)) + 1:])
        row = (diagnostic.get("location") or {}).get("row")
        code = diagnostic.get("code") or ""
        message = diagnostic.get("message", "")
        severity = Severity.ERROR
        if filename in users and row not in users[filename] and not _stops_it_running(code):
            # the user's own line, as they wrote it (an unused import): theirs to keep
            severity, message = Severity.INFO, f"{message} (your code, unchanged by migrate)"
        findings.append(Finding(NAME, severity, filename, row, message, code or None))
    return result(NAME, findings, tool=version_of(ruff))


def _stops_it_running(code: str) -> bool:
    """Undefined names (F821-F823) and misplaced statements (F7xx) fail at run time wherever
    they are; the other pyflakes findings (unused imports, variables) don't."""
    return code in {"F821", "F822", "F823"} or code.startswith("F7")
