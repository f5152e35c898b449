"""validate's IAM rules come from AWS's sources (botocore's service models, the Service
Authorization Reference), not from the generator's tables: a policy the generator gets wrong
is caught, on the real generated project."""

from __future__ import annotations

import json
import re
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


def _reference_resources() -> tuple[dict[str, list[str]], dict[str, re.Pattern[str]]]:
    """(action -> its resource types, `prefix:type` -> the type's ARN pattern as a regex) from
    the Service Authorization Reference as parliament ships it."""
    import importlib.util

    spec = importlib.util.find_spec("parliament")
    if spec is None or spec.origin is None:
        pytest.skip("parliament not installed: no copy of the Service Authorization Reference")
    data = json.loads((Path(spec.origin).parent / "iam_definition.json").read_text())
    types = {f"{service['prefix']}:{privilege['privilege']}": [
        f"{service['prefix']}:{r['resource_type'].rstrip('*')}"
        for r in privilege["resource_types"] if r["resource_type"]]
        for service in data for privilege in service["privileges"]}
    patterns = {
        f"{service['prefix']}:{r['resource']}": re.compile("".join(
            ".+" if part.startswith("${") else re.escape(part)
            for part in re.split(r"(\$\{[^}]+\})", r["arn"])) + r"\Z")
        for service in data for r in service["resources"]}
    return types, patterns


_SAMPLE = {"AWS::Partition": "aws", "AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333",
           "Environment": "prod",
           "DataKey.Arn": "arn:aws:kms:eu-west-1:111122223333:key/0000-key",
           "FirstPartyRegistry": "683313688378", "DeepLearningContainersRegistry": "763104351884"}


def _reference_problems(action: str, resources: list[str],
                        reference: tuple[dict[str, list[str]], dict[str, re.Pattern[str]]],
                        ) -> list[str]:
    types, patterns = reference
    if action not in types:
        return [f"{action}: not in the reference"]
    own = [patterns[t] for t in types[action] if t in patterns]
    if resources == ["*"]:
        return [f"{action} on *: the reference names {types[action]}"] if types[action] else []
    if not types[action]:
        return [f"{action} has no resource type but is granted on {resources}"]
    if not any(p.match(r) for p in own for r in resources):
        return [f"{action}: none of {resources} is a {types[action]}"]
    return []


@pytest.mark.parametrize("framework", [None, "pytorch", "sklearn", "xgboost"])
def test_generated_policies_follow_the_reference_resource_types(framework):
    """Each granted action names a resource of the type the reference gives it (`*` only for
    actions with none), and each resource is of a type one of its statement's actions takes:
    `sagemaker:ListModelPackages` (type model-package) is scoped to the group's packages."""
    from sagebridge.plan.iam import plan_policies
    from sagebridge.plan.names import derive_names
    from sagebridge.validate.iam_eval import substitute

    reference = _reference_resources()
    types, patterns = reference
    problems = []
    for key, document in plan_policies(derive_names("ec2-mnist"), framework).items():
        for statement in substitute(document, _SAMPLE)["Statement"]:
            if "Principal" in statement:
                continue  # the trust policy
            resources = statement["Resource"]
            resources = resources if isinstance(resources, list) else [resources]
            for action in statement["Action"]:
                problems += [f"{key} {statement['Sid']}: {p}"
                             for p in _reference_problems(action, resources, reference)]
            for resource in (r for r in resources if r != "*"):
                if not any(patterns[t].match(resource) for a in statement["Action"]
                           for t in types.get(a, []) if t in patterns):
                    problems.append(f"{key} {statement['Sid']}: no action takes {resource}")
    assert problems == []


def test_recorded_calls_name_the_reference_resource_types():
    """The calls iam_calls.json holds (recorded from the CLI) are authorized on a resource of
    the type the reference gives the action: `*` only where it names none."""
    from sagebridge.plan.names import derive_names
    from sagebridge.validate import iam_calls

    reference = _reference_resources()
    names = derive_names("ec2-mnist")
    problems = []
    for command, calls in iam_calls.recorded_calls().items():
        for action, resource in calls:
            problems += [f"{command}: {p}" for p in _reference_problems(
                action, [iam_calls.instantiate(resource, names, _SAMPLE)], reference)]
    assert problems == []
