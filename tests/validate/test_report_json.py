"""The `--json` document is a contract: its shape is pinned here, and the exit codes with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.cli import sagebridge
from infrastructure.projects import replace_in

from sagebridge import cli
from sagebridge.serialize import to_json
from sagebridge.validate import cloudformation, shell, validate_project
from sagebridge.validate.report import ValidationReport

CHECK_KEYS = ["findings", "name", "reason", "seconds", "status", "tool"]
FINDING_KEYS = ["check", "file", "line", "message", "rule", "severity"]


def test_json_shape(project_copy):
    project = project_copy()
    script = project / "scripts/monitor.sh"
    script.write_text(script.read_text() + "if then\n")
    report = validate_project(project, checks=(cloudformation.check, shell.check))
    document = json.loads(to_json(report))
    assert sorted(document) == ["checks", "passed", "project", "schema"]
    assert document["schema"] == 1 and document["project"] == "ec2-mnist"
    assert document["passed"] is False
    assert [sorted(c) for c in document["checks"]] == [CHECK_KEYS, CHECK_KEYS]
    lint, sh = document["checks"]
    assert (lint["name"], lint["status"], lint["findings"]) == ("cfn-lint", "passed", [])
    assert lint["tool"].startswith("cfn-lint ")
    assert (sh["name"], sh["status"]) == ("shell", "failed")
    syntax = [f for f in sh["findings"] if f["rule"] == "bash-n"]
    assert sorted(syntax[0]) == FINDING_KEYS
    assert (syntax[0]["check"], syntax[0]["file"], syntax[0]["severity"]) == (
        "shell", "scripts/monitor.sh", "error")
    assert isinstance(syntax[0]["line"], int)


def test_cli_exit_codes_and_json(project_copy, tmp_path: Path):
    missing = sagebridge("validate", str(tmp_path / "absent"), timeout=900)
    assert missing.returncode == 2 and "no such folder" in missing.stderr

    project = project_copy()
    replace_in(project / "infrastructure/cloudformation/main.yaml",
               "      EnableKeyRotation: true\n", "      EnableKeyRotation: true\n      Colour: 1\n")
    # Without tests/ the generated-tests check is skipped (the passing case below and
    # test_examples run them): the CLI still runs every other check, for real, in its process.
    shutil.rmtree(project / "tests")
    failed = sagebridge("validate", str(project), "--json", timeout=900)
    assert failed.returncode == 1, failed.stderr
    document = json.loads(failed.stdout)
    by_name = {c["name"]: c for c in document["checks"]}
    assert by_name["cfn-lint"]["status"] == "failed"
    assert [f["rule"] for f in by_name["cfn-lint"]["findings"]] == ["E3002"]
    assert by_name["generated-tests"]["status"] == "skipped"
    assert [c["status"] for c in document["checks"]].count("failed") == 1


def test_cli_exits_0_and_says_passed_for_a_passing_report(validated, monkeypatch, capsys):
    """`sagebridge validate OUT` on a project that passes: exit 0, every check named as passed.

    The report is the session's one real validate of xgboost-tabular (tests/conftest.py), given
    to the command in this process rather than computed a second time in a subprocess."""
    done = validated("xgboost-tabular")
    assert done.report.passed
    seen: list[Path] = []

    def already_validated(out: Path) -> ValidationReport:
        seen.append(Path(out))
        return done.report

    monkeypatch.setattr("sagebridge.validate.validate_project", already_validated)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.argv", ["sagebridge", "validate", str(done.out)])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code in (0, None)
    assert seen == [done.out]
    printed = capsys.readouterr().out
    assert "passed  cfn-lint" in printed and "FAILED" not in printed, printed
    assert "passed  generated-tests" in printed, printed
