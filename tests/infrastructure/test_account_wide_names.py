"""Issue 12 item 14: IAM names are account-wide, so the project's stack in a second region (or
environment) must not reuse the first one's role or deployer policy name: both carry the
stack's region and `Environment`.

On moto (127.0.0.1), whose IAM is account-wide like AWS's: the same template deployed in two
regions creates two roles and two deployer policies. What moto cannot show: S3 bucket names are
global across accounts (the bucket already carries the account id and region).
"""

from __future__ import annotations

import json

import boto3

from infrastructure.projects import TEMPLATE, names_of

ACCOUNT = "123456789012"


def _client(service: str, url: str, region: str):
    return boto3.client(service, endpoint_url=url, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def test_stacks_in_two_regions_get_their_own_iam_names(generated, moto_url):
    project = generated["sklearn-digits"]
    names = names_of(project)
    template = (project / TEMPLATE).read_text()
    deployed = {}
    for region, environment in (("us-east-1", "dev"), ("eu-west-1", "prod")):
        cloudformation = _client("cloudformation", moto_url, region)
        cloudformation.create_stack(
            StackName=names.stack, TemplateBody=template, Capabilities=["CAPABILITY_NAMED_IAM"],
            Parameters=[{"ParameterKey": "Environment", "ParameterValue": environment}])
        [stack] = cloudformation.describe_stacks(StackName=names.stack)["Stacks"]
        assert stack["StackStatus"] == "CREATE_COMPLETE", (region, stack.get("StackStatusReason"))
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        deployed[region] = outputs["ExecutionRoleArn"]
    assert deployed == {
        region: f"arn:aws:iam::{ACCOUNT}:role/{names.role}-{region}-{environment}"
        for region, environment in (("us-east-1", "dev"), ("eu-west-1", "prod"))}
    iam = _client("iam", moto_url, "us-east-1")
    roles = {r["RoleName"] for r in iam.list_roles()["Roles"]}
    assert {f"{names.role}-us-east-1-dev", f"{names.role}-eu-west-1-prod"} <= roles
    policies = {p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]}
    assert {f"{names.role}-deployer-us-east-1-dev",
            f"{names.role}-deployer-eu-west-1-prod"} <= policies
    # The role's own policies name the role of their stack (PassRole), not the other's.
    for region, environment in (("us-east-1", "dev"), ("eu-west-1", "prod")):
        role = f"{names.role}-{region}-{environment}"
        document = iam.get_role_policy(RoleName=role, PolicyName="execution")["PolicyDocument"]
        assert f":role/{role}\"" in json.dumps(document).replace("'", '"')
