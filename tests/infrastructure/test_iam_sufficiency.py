"""Issue 12 item 10: the generated deployer policy allows every call the CLI makes for the
commands it is for, and grants nothing no recorded call or documented need uses.

The calls are `sagebridge.validate.iam_calls` (recorded from the real CLI on moto by
tests/aws/test_iam_sufficiency.py, plus what AWS authorizes implicitly); each example's policy is
read from its generated `infrastructure/iam/endpoint-policy.json` and evaluated with
`sagebridge.validate.iam_eval`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infrastructure.projects import EXAMPLES, names_of
from sagebridge.validate import iam_calls
from sagebridge.validate.iam_eval import Request, evaluate, substitute, wildcard_match

SAMPLE = {
    "AWS::Partition": "aws", "AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333",
    "Environment": "prod",
    "DataKey.Arn": "arn:aws:kms:eu-west-1:111122223333:key/0000-key",
}  # fmt: skip


def _deployer_policy(project: Path) -> dict:
    return json.loads((project / "infrastructure/iam/endpoint-policy.json").read_text())


@pytest.mark.parametrize("example", EXAMPLES)
def test_deployer_policy_allows_every_call_of_its_commands(
    generated: dict[str, Path], example: str
) -> None:
    project = generated[example]
    missing = iam_calls.refused(_deployer_policy(project), names_of(project), SAMPLE)
    assert [why for _, why in missing] == []


@pytest.mark.parametrize("example", EXAMPLES)
def test_deployer_policy_grants_nothing_no_call_needs(
    generated: dict[str, Path], example: str
) -> None:
    """Every (action, resource) the policy allows is used by some recorded or implied need."""
    project = generated[example]
    names = names_of(project)
    policy = substitute(_deployer_policy(project), SAMPLE)
    needed = [(n.action, iam_calls.instantiate(n.resource, names, SAMPLE))
              for n in iam_calls.needs()]
    unused = []
    for statement in policy["Statement"]:
        resources = statement["Resource"]
        for action in statement["Action"]:
            for resource in resources if isinstance(resources, list) else [resources]:
                if not any(wildcard_match(action, a, case=False) and wildcard_match(resource, r)
                           for a, r in needed):
                    unused.append(f"{statement['Sid']}: {action} on {resource}")
    extras = [e.replace("{endpoint}", names.endpoint.lower()) for e in DOCUMENTED_EXTRAS]
    assert unused == extras, unused


# Granted without a recorded call, with the reason (moto can't show these calls).
DOCUMENTED_EXTRAS: list[str] = [
    # Calling the deployed endpoint (the generated README's smoke test); no CLI command the
    # recording runs invokes it, and moto's endpoints serve nothing.
    ("Endpoint: sagemaker:InvokeEndpoint on "
     "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/{endpoint}"),
]


def test_admin_commands_are_not_granted_to_the_deployer(generated: dict[str, Path]) -> None:
    """deploy/cleanup create and delete the stack (IAM, KMS, buckets): not the deployer's."""
    project = generated["ec2-mnist"]
    names = names_of(project)
    policy = substitute(_deployer_policy(project), SAMPLE)
    stack = iam_calls.instantiate(
        "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/{stack}/*",
        names, SAMPLE)
    for action in ("cloudformation:CreateStack", "cloudformation:DeleteStack"):
        assert not evaluate([policy], Request(action, stack)).allowed
