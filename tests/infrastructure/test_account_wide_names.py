"""Issue 12 item 14: IAM names are account-wide, so the project's stack in a second region (or
environment) must not reuse the first one's role or deployer policy name: both carry the
stack's region and `Environment`, as does the CloudWatch dashboard (global to the account too).

On moto (127.0.0.1), whose IAM is account-wide like AWS's: the same template deployed in two
regions creates two roles and two deployer policies. What moto cannot show: S3 bucket names are
global across accounts (the bucket already carries the account id and region).
"""

from __future__ import annotations

import json

import boto3
import pytest

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


# Resource types whose names are unique per account across every region (IAM; CloudWatch
# dashboards, whose ARN names no region) and the name property of each.
ACCOUNT_WIDE = {"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
                "AWS::CloudWatch::Dashboard": "DashboardName"}


@pytest.mark.parametrize("example", ["sklearn-digits", "ec2-mnist"])
def test_every_account_wide_name_carries_region_and_environment(generated, example):
    """Statically, on the template: each account-wide name holds the stack's region and
    environment, each bucket name (unique across all accounts) its account id and region."""
    from sagebridge.validate.project import load_cloudformation
    from sagebridge.validate.project import plain_intrinsics as plain_form

    resources = load_cloudformation(generated[example] / TEMPLATE)["Resources"]
    seen = set()
    for logical_id, resource in resources.items():
        kind = resource["Type"]
        if kind in ACCOUNT_WIDE:
            name = plain_form(resource["Properties"][ACCOUNT_WIDE[kind]])
            assert "${AWS::Region}" in name and "${Environment}" in name, (logical_id, name)
            seen.add(kind)
        if kind == "AWS::S3::Bucket":
            name = plain_form(resource["Properties"]["BucketName"])
            assert "${AWS::AccountId}" in name and "${AWS::Region}" in name, (logical_id, name)
    assert seen == set(ACCOUNT_WIDE)


def test_dashboards_of_two_regions_do_not_collide(generated, moto_url):
    """On moto: the stack in two regions makes two dashboards with different names. What moto
    cannot show: it keeps dashboards per region, so the same name would not fail there as it
    does on AWS (dashboards are global to the account)."""
    project = generated["sklearn-digits"]
    names = names_of(project)
    template = (project / TEMPLATE).read_text()
    dashboards = set()
    for region, environment in (("us-east-1", "dev"), ("eu-west-1", "prod")):
        _client("cloudformation", moto_url, region).create_stack(
            StackName=names.stack, TemplateBody=template, Capabilities=["CAPABILITY_NAMED_IAM"],
            Parameters=[{"ParameterKey": "Environment", "ParameterValue": environment}])
        listed = _client("cloudwatch", moto_url, region).list_dashboards()["DashboardEntries"]
        dashboards |= {entry["DashboardName"] for entry in listed}
    assert dashboards == {f"{names.project}-us-east-1-dev", f"{names.project}-eu-west-1-prod"}
