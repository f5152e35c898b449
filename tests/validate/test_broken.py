"""`validate` fails, with the right finding, on deliberately broken copies of a real project.

Each case runs only the check it targets, on a copy of the migrated ec2-mnist example.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from infrastructure.projects import TEMPLATE, replace_in

from sagebridge.errors import UserError
from sagebridge.validate import (
    checkov,
    cloudformation,
    generated_tests,
    iam,
    names,
    pipeline,
    python,
    shell,
    validate_project,
)
from sagebridge.validate.report import CheckStatus, Finding, Severity

EXECUTION = "infrastructure/iam/execution-policy.json"


def _failures(project: Path, *checks) -> list[Finding]:
    report = validate_project(project, checks=tuple(checks))
    assert not report.passed
    assert any(c.status is CheckStatus.FAILED for c in report.checks)
    return [f for c in report.checks for f in c.findings if f.severity is not Severity.INFO]


def test_wildcard_action_in_template(project_copy):
    project = project_copy()
    replace_in(project / TEMPLATE, '"sagemaker:CreateTrainingJob"', '"sagemaker:*"')
    findings = _failures(project, iam.check)
    wildcard = [f for f in findings if "wildcard action 'sagemaker:*'" in f.message]
    assert [(f.file, f.rule) for f in wildcard] == [(TEMPLATE, None)]
    assert wildcard[0].line is not None and '"sagemaker:*"' in (
        (project / TEMPLATE).read_text().splitlines()[wildcard[0].line - 1])
    # The JSON file no longer matches what the template creates.
    assert any(f.file == EXECUTION and "differs from" in f.message for f in findings)


@pytest.mark.parametrize(("action", "parliament_rule"),
                         [("*", None), ("s3:*", "RESOURCE_MISMATCH")])
def test_wildcard_action_in_policy_file(project_copy, action, parliament_rule):
    project = project_copy()
    replace_in(project / EXECUTION, '"s3:GetObject"', f'"{action}"')
    findings = _failures(project, iam.check)
    assert any(f.file == EXECUTION and f"wildcard action '{action}'" in f.message
               for f in findings)
    rules = {f.rule for f in findings if f.file == EXECUTION and f.rule}
    assert rules == ({parliament_rule} if parliament_rule else set())


def test_star_resource_for_scoped_action(project_copy):
    project = project_copy()
    policy = json.loads((project / EXECUTION).read_text())
    policy["Statement"].append({"Sid": "TooBroad", "Effect": "Allow",
                                "Action": ["s3:GetObject"], "Resource": "*"})
    (project / EXECUTION).write_text(json.dumps(policy, indent=2))
    findings = _failures(project, iam.check)
    assert any('TooBroad: Resource "*" for actions that support resource-level permissions: '
               "s3:GetObject" in f.message for f in findings)


def test_unknown_template_property(project_copy):
    project = project_copy()
    replace_in(project / TEMPLATE, "      EnableKeyRotation: true\n",
               "      EnableKeyRotation: true\n      Colour: blue\n")
    findings = _failures(project, cloudformation.check)
    colour = (project / TEMPLATE).read_text().splitlines().index("      Colour: blue") + 1
    assert [(f.rule, f.line, f.file) for f in findings] == [("E3002", colour, TEMPLATE)]
    assert "'Colour' was unexpected" in findings[0].message


def test_checkov_finds_key_without_rotation(project_copy):
    project = project_copy()
    replace_in(project / TEMPLATE, "      EnableKeyRotation: true\n", "")
    findings = _failures(project, checkov.check)
    assert [f.rule for f in findings] == ["CKV_AWS_7"]
    assert findings[0].file == TEMPLATE and "DataKey" in findings[0].message


def test_checkov_skip_needs_a_reason(project_copy):
    project = project_copy()
    template = (project / TEMPLATE).read_text()
    reason = next(line for line in template.splitlines() if "comment: This bucket is" in line)
    (project / TEMPLATE).write_text(template.replace(reason + "\n", ""))
    findings = _failures(project, checkov.check)
    assert [(f.rule, f.message.endswith("skip without a written reason")) for f in findings] == [
        ("CKV_AWS_18", True)]


def test_shell_syntax_error(project_copy):
    project = project_copy()
    script = project / "scripts/monitor.sh"
    script.write_text(script.read_text() + "if then\n")
    line = len(script.read_text().splitlines())
    findings = _failures(project, shell.check)
    syntax = [f for f in findings if f.rule == "bash-n"]
    assert [(f.file, f.line) for f in syntax] == [("scripts/monitor.sh", line)]
    assert "syntax error" in syntax[0].message
    assert any(f.rule and f.rule.startswith("SC") for f in findings)  # shellcheck too


def test_script_must_be_executable(project_copy):
    project = project_copy()
    os.chmod(project / "scripts/cleanup.sh", 0o644)
    findings = _failures(project, shell.check)
    assert [(f.file, f.message) for f in findings] == [("scripts/cleanup.sh", "not executable")]


def test_unused_import_in_generated_python(project_copy):
    project = project_copy()
    (project / "code/unused.py").write_text("import tarfile\n")
    findings = _failures(project, python.check)
    assert [(f.file, f.line, f.rule) for f in findings] == [("code/unused.py", 1, "F401")]


def test_python_that_does_not_compile(project_copy):
    project = project_copy()
    (project / "code/broken.py").write_text("def f(:\n    pass\n")
    findings = _failures(project, python.check)
    assert ("code/broken.py", 1, "compile") in [(f.file, f.line, f.rule) for f in findings]


def test_name_disagreement(project_copy):
    project = project_copy()
    replace_in(project / TEMPLATE, 'RoleName: !Sub "ec2-mnist-sagemaker-role-',
               'RoleName: !Sub "ec2-mnist-role-')
    findings = _failures(project, names.check)
    messages = {(f.file, f.message) for f in findings}
    role = ("ExecutionRole.RoleName is \"{'Fn::Sub': 'ec2-mnist-role-${AWS::Region}-"
            "${Environment}'}\" but the project's role is 'ec2-mnist-sagemaker-role'")
    assert (TEMPLATE, role) in messages


FAKE_PIPELINE = '''"""A stand-in pipeline.py whose --definition prints a fixed definition."""
import json
import sys

DEFINITION = {definition}

if __name__ == "__main__" and sys.argv[1:] == ["--definition"]:
    print(json.dumps(DEFINITION))
'''


def _definition(output_name: str) -> dict:
    evaluate = {
        "Name": "Evaluate", "Type": "Processing",
        "Arguments": {"ProcessingOutputConfig": {"Outputs": [{"OutputName": "evaluation"}]}},
        "PropertyFiles": [{"PropertyFileName": "EvaluationReport", "OutputName": output_name,
                           "FilePath": "evaluation.json"}],
    }
    gate = {"Name": "QualityGate", "Type": "Condition", "Arguments": {"Conditions": [{
        "Type": "GreaterThanOrEqualTo", "LeftValue": {"Std:JsonGet": {
            "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"},
            "Path": "metrics.accuracy.value"}}, "RightValue": 0.9}]}}
    return {"Version": "2020-12-01", "Steps": [evaluate, gate]}


@pytest.mark.parametrize(("output_name", "failing"), [("evaluation", False), ("metrics", True)])
def test_property_file_must_name_an_evaluation_output(project_copy, output_name, failing):
    """The real check over a stand-in pipeline.py (the real one always matches: its names come
    from one layout record) that prints a small definition."""
    project = project_copy()
    (project / "pipeline/pipeline.py").write_text(
        FAKE_PIPELINE.format(definition=repr(_definition(output_name))))
    report = validate_project(project, checks=(pipeline.build_definition,
                                               pipeline.check_property_files))
    statuses = [c.status for c in report.checks]
    assert statuses[0] is CheckStatus.PASSED
    if not failing:
        assert statuses[1] is CheckStatus.PASSED
        return
    assert statuses[1] is CheckStatus.FAILED
    [finding] = report.checks[1].findings
    assert "PropertyFile 'EvaluationReport' reads output 'metrics'" in finding.message
    assert "['evaluation']" in finding.message


def test_property_file_from_source_when_the_definition_fails(project_copy):
    project = project_copy()
    (project / "pipeline/pipeline.py").write_text(
        "import sys\n"
        "from sagemaker.core.workflow.properties import PropertyFile\n"
        "from sagemaker.core.shapes import ProcessingOutput\n"
        'out = ProcessingOutput(output_name="evaluation")\n'
        'report = PropertyFile(name="EvaluationReport", output_name="metrics",\n'
        '                      path="evaluation.json")\n'
        'sys.exit("cannot build")\n')
    report = validate_project(project, checks=(pipeline.build_definition,
                                               pipeline.check_property_files))
    built, files = report.checks
    assert built.status is CheckStatus.FAILED and "cannot build" in built.findings[0].message
    assert files.status is CheckStatus.FAILED
    assert [(f.file, f.line) for f in files.findings] == [("pipeline/pipeline.py", 5)]


def test_failing_generated_test(project_copy):
    project = project_copy()
    shutil.rmtree(project / "tests", ignore_errors=True)  # only the sabotaged test, for speed
    (project / "tests").mkdir()
    (project / "tests/test_sabotage.py").write_text(
        "def test_passes():\n    assert 2 + 2 == 4\n\n"
        "def test_fails():\n    assert 2 + 2 == 5\n")
    report = validate_project(project, checks=(generated_tests.check,))
    [check] = report.checks
    assert check.status is CheckStatus.FAILED
    assert [(f.file, f.message.split(":")[0]) for f in check.findings] == [
        ("tests/test_sabotage.py", "failed")]
    assert "test_fails" in check.findings[0].message
    assert "1 failed, 1 passed" in (check.reason or "")


def test_skipped_generated_tests_are_reported_without_failing(project_copy):
    project = project_copy()
    shutil.rmtree(project / "tests", ignore_errors=True)  # only these tests, for speed
    (project / "tests").mkdir()
    (project / "tests/test_skips.py").write_text(
        "import pytest\n\n"
        "def test_passes():\n    assert 2 + 2 == 4\n\n"
        "@pytest.mark.skip(reason='no data here')\ndef test_a():\n    pass\n\n"
        "@pytest.mark.skip(reason='no data here')\ndef test_b():\n    pass\n\n"
        "def test_c():\n    pytest.skip('no GPU')\n")
    report = validate_project(project, checks=(generated_tests.check,))
    [check] = report.checks
    assert check.status is CheckStatus.PASSED and report.passed  # a skip never fails validate
    assert [(f.severity, f.file, f.message) for f in check.findings] == [
        (Severity.INFO, "tests/test_skips.py",
         "3 generated test(s) skipped: no data here; no GPU")]
    assert "1 passed, 3 skipped" in (check.reason or "")


def test_missing_tool_is_skipped_with_reason(project_copy, monkeypatch):
    project = project_copy()
    monkeypatch.setenv("SAGEBRIDGE_CHECKOV", str(project / "no-such-checkov"))
    report = validate_project(project, checks=(checkov.check,))
    [check] = report.checks
    assert check.status is CheckStatus.SKIPPED and "checkov not found" in (check.reason or "")
    assert report.passed  # skipped is reported, not failed...
    assert check.status is not CheckStatus.PASSED  # ...and never passed


def test_not_a_project(tmp_path):
    with pytest.raises(UserError, match="no such folder"):
        validate_project(tmp_path / "absent")
    with pytest.raises(UserError, match="not a sagebridge project"):
        validate_project(tmp_path)
    (tmp_path / "metadata.json").write_text('{"names": {"project": "x"}}')
    with pytest.raises(UserError, match="without the project's names"):
        validate_project(tmp_path)


def test_local_run_state_is_not_linted(project_copy):
    """`sagebridge run --local` leaves the SDK's own driver scripts (not executable, shebang on
    line 2) and the user's code copies under OUT/.sagebridge: they are not the project's files."""
    project = project_copy()
    state = project / ".sagebridge" / "runs" / "abc" / "Train" / "input" / "data" / "sm_drivers"
    state.mkdir(parents=True)
    (state / "sm_train.sh").write_text("\n#!/bin/bash\nif then\n")
    (state / "broken.py").write_text("def (:\n")
    report = validate_project(project, checks=(shell.check, python.check))
    assert report.passed, [f for c in report.checks for f in c.findings]


def test_service_linked_role_is_not_the_projects_role(project_copy):
    """A service-linked role ARN (`role/aws-service-role/...`, e.g. endpoint auto-scaling's) names
    AWS's role, not a misnamed project role; a role ARN outside that path with another name is
    still a mismatch."""
    project = project_copy()
    template = project / TEMPLATE
    linked = ("arn:aws:iam::123456789012:role/aws-service-role/"
              "sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForX")
    template.write_text(template.read_text() + f"# {linked}\n")
    assert validate_project(project, checks=(names.check,)).passed
    replace_in(template, ":role/aws-service-role/", ":role/someone-elses-role/")
    findings = _failures(project, names.check)
    assert any("'someone-elses-role'" in f.message for f in findings)
