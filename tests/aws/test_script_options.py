"""Issue 12: the options the generated scripts offered (scripts/aws_ops.py, now deleted) that the
CLI lacked: `deploy --environment/--alarm-email/--json`, `execute --bucket`, and `status`
reporting the endpoint and the project's alarms (what monitor.sh printed)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sagebridge.aws import execute as execute_module
from sagebridge.aws.environments import environment_names

from .conftest import NAMES, Runner


def test_deploy_passes_the_environment_and_alarm_email(sb: Runner, project: Path,
                                                       aws_env: str) -> None:
    done = sb("deploy", str(project), "--environment", "prod", "--alarm-email", "ops@example.com",
              "--dry-run")
    assert done.code == 0, done.err
    created = [line for line in done.out.splitlines() if "create_stack(" in line]
    assert created, done.out
    assert "{'ParameterKey': 'Environment', 'ParameterValue': 'prod'}" in created[0]
    assert "{'ParameterKey': 'AlarmEmail', 'ParameterValue': 'ops@example.com'}" in created[0]


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--environment", "qa", "--environment qa: use one of dev, staging, prod"),
    ("--alarm-email", "nobody", "--alarm-email nobody: not an e-mail address"),
])
def test_deploy_refuses_a_wrong_setting_before_any_call(
    sb: Runner, project: Path, aws_env: str, option: str, value: str, message: str
) -> None:
    done = sb("deploy", str(project), option, value, "--dry-run")
    assert done.code == 2 and message in done.err, done.err
    assert "create_stack" not in done.out


def test_deploy_json_prints_the_outputs(sb: Runner, project: Path, aws_env: str) -> None:
    done = sb("deploy", str(project), "--environment", "staging", "--json")
    assert done.code == 0, done.err
    document = json.loads(done.out)
    staging = environment_names(NAMES, "staging")  # staging's own stack and role
    assert document["action"] == "created" and document["stack_name"] == staging.stack
    assert document["outputs"]["ExecutionRoleArn"].endswith(
        f":role/{staging.role}-us-east-1-staging")


def test_deploy_refuses_to_turn_one_environment_into_another(
    sb: Runner, project: Path, boto: Callable[[str], Any]
) -> None:
    """Each environment has its own stack; `--environment prod` pointed at the staging stack
    (`--stack-name`) would turn it into prod in place: it is refused."""
    staging = environment_names(NAMES, "staging").stack
    assert sb("deploy", str(project), "--environment", "staging").code == 0
    refused = sb("deploy", str(project), "--environment", "prod", "--stack-name", staging)
    assert refused.code == 2, refused.out + refused.err
    assert f"stack {staging} is the staging environment" in refused.err
    stack = boto("cloudformation").describe_stacks(StackName=staging)["Stacks"][0]
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}[
        "Environment"] == "staging"
    assert sb("deploy", str(project), "--environment", "staging").code == 0  # no change


def test_execute_bucket_option_is_where_the_code_goes(
    sb: Runner, project: Path, aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No stack at all: with --role and --bucket the stack's outputs are not needed."""
    seen: dict[str, Any] = {}

    def build(project: Any, **kwargs: Any) -> str:
        seen.update(kwargs)
        return json.dumps({"Version": "2020-12-01", "Parameters": [], "Steps": []})

    monkeypatch.setattr(execute_module, "deployable_definition", build)
    done = sb("execute", str(project), "--role", "arn:aws:iam::123456789012:role/r",
              "--bucket", "my-own-bucket")
    assert done.code == 0, done.out + done.err
    assert seen["bucket"] == "my-own-bucket"
    monkeypatch.setenv("SAGEBRIDGE_BUCKET", "from-the-environment")
    assert sb("execute", str(project), "--role", "arn:aws:iam::123456789012:role/r").code == 0
    assert seen["bucket"] == "from-the-environment"


def test_status_reports_the_endpoint_and_the_project_alarms(
    sb: Runner, project: Path, boto: Callable[[str], Any]
) -> None:
    cloudwatch = boto("cloudwatch")
    alarm = {"MetricName": "ExecutionFailed", "Namespace": "AWS/Sagemaker/ModelBuildingPipeline",
             "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0,
             "ComparisonOperator": "GreaterThanOrEqualToThreshold"}
    cloudwatch.put_metric_alarm(AlarmName=f"{NAMES.pipeline}-execution-failed", **alarm)
    cloudwatch.put_metric_alarm(AlarmName="another-project-pipeline-execution-failed", **alarm)
    # prod's alarm shares dev's `<project>-` prefix (issue 12 item 14): dev's status leaves it out
    cloudwatch.put_metric_alarm(AlarmName=f"{NAMES.project}-prd-pipeline-execution-failed", **alarm)
    done = sb("status", str(project), "--json")
    assert done.code == 0, done.err
    report = json.loads(done.out)
    assert report["endpoint"] == NAMES.endpoint and report["endpoint_status"] == ""
    assert [a["name"] for a in report["alarms"]] == [f"{NAMES.pipeline}-execution-failed"]
    shown = sb("status", str(project))
    assert f"endpoint {NAMES.endpoint}: not deployed" in shown.out
    assert f"{NAMES.pipeline}-execution-failed" in shown.out
    prod = json.loads(sb("status", str(project), "--json", "--environment", "prod").out)
    assert [a["name"] for a in prod["alarms"]] == [f"{NAMES.project}-prd-pipeline-execution-failed"]
