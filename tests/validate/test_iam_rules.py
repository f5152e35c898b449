"""validate's IAM rules come from AWS's sources (botocore's service models, the Service
Authorization Reference), not from the generator's tables: a policy the generator gets wrong
is caught, on the real generated project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagebridge.validate import iam, validate_project
from sagebridge.validate.iam_rules import PERMISSION_ONLY, RESOURCELESS, unknown_action
from sagebridge.validate.report import CheckStatus

EXECUTION = "infrastructure/iam/execution-policy.json"


def _iam_messages(project: Path) -> list[str]:
    report = validate_project(project, checks=(iam.check,))
    [check] = report.checks
    assert check.status is CheckStatus.FAILED
    return [f.message for f in check.findings if f.file == EXECUTION]


def _add_statement(project: Path, statement: dict) -> None:
    policy = json.loads((project / EXECUTION).read_text())
    policy["Statement"].append(statement)
    (project / EXECUTION).write_text(json.dumps(policy, indent=2))


def test_a_misspelt_action_is_caught(project_copy):
    project = project_copy()
    _add_statement(project, {"Sid": "Typo", "Effect": "Allow", "Action": ["s3:GetObjekt"],
                             "Resource": "arn:aws:s3:::bucket/*"})
    assert any("unknown action 's3:GetObjekt'" in m for m in _iam_messages(project))


@pytest.mark.parametrize("condition", [None, {"StringEquals": {"iam:PassedToService": "*"}}])
def test_pass_role_to_any_service_is_caught(project_copy, condition):
    project = project_copy()
    statement = {"Sid": "PassAnywhere", "Effect": "Allow", "Action": ["iam:PassRole"],
                 "Resource": "arn:aws:iam::123456789012:role/r"}
    if condition:
        statement["Condition"] = condition
    _add_statement(project, statement)
    assert any("PassAnywhere: iam:PassRole without the condition iam:PassedToService" in m
               for m in _iam_messages(project))


def test_pass_role_on_every_role_is_caught(project_copy):
    project = project_copy()
    _add_statement(project, {
        "Sid": "PassAny", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*",
        "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}})
    assert any('PassAny: iam:PassRole on Resource "*"' in m for m in _iam_messages(project))


@pytest.mark.parametrize("action", ["sagemaker:InvokeEndpoint", "s3:GetBucketLocation",
                                    "logs:PutLogEvents", "iam:PassRole", "s3:ListBucket"])
def test_real_actions_are_known(action):
    """API operations of another botocore model under the same IAM prefix (sagemaker-runtime's
    InvokeEndpoint) and permission-only actions are real."""
    assert unknown_action(action) is None


def _reference() -> dict[str, list[str]]:
    """The Service Authorization Reference as parliament ships it: action -> resource types."""
    import importlib.util

    spec = importlib.util.find_spec("parliament")
    if spec is None or spec.origin is None:
        pytest.skip("parliament not installed: no copy of the Service Authorization Reference")
    data = json.loads((Path(spec.origin).parent / "iam_definition.json").read_text())
    return {
        f"{service['prefix']}:{privilege['privilege']}": [
            r["resource_type"] for r in privilege["resource_types"]]
        for service in data for privilege in service["privileges"]
    }


def test_resourceless_actions_have_no_resource_type_in_the_reference():
    reference = _reference()
    for action in sorted(RESOURCELESS):
        assert reference.get(action) == [""], action


def test_permission_only_actions_exist_in_the_reference():
    reference = _reference()
    for action in sorted(PERMISSION_ONLY):
        assert action in reference, action
