"""Issue 12 item 14: two environments of one project coexist in one region and account.

dev keeps metadata.json's names; staging and prod insert `-stg`/`-prd` after the project's slug
in every name (sagebridge.aws.environments). On moto (127.0.0.1): dev and prod stacks deployed
side by side, prod's pipeline upserted under prod's name with prod's model package group, and
cleanup of prod leaving dev's stack, bucket and role. What moto cannot show: resources its
CloudFormation skips (model package group, alarms, dashboard) are checked in the template.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aws.conftest import NAMES, REGION
from sagebridge.aws.environments import environment_names, environment_template
from sagebridge.aws.project import load_project
from sagebridge.errors import UserError
from sagebridge.plan.names import derive_names

ACCOUNT = "123456789012"
PRD = derive_names("ec2-mnist-prd")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"  # what the suffix rule gives for the example


def test_prod_names_carry_the_suffix_and_dev_names_stay():
    assert environment_names(NAMES, "dev") == NAMES
    assert environment_names(NAMES, "prod") == PRD
    assert environment_names(NAMES, "staging").pipeline == "ec2-mnist-stg-pipeline"
    with pytest.raises(UserError, match="--environment qa"):
        environment_names(NAMES, "qa")


def test_longest_project_name_keeps_a_valid_bucket_name():
    names = environment_names(derive_names("x" * 80), "staging")
    bucket = f"{names.bucket_prefix}-{ACCOUNT}-ap-southeast-3"  # the longest region name
    assert len(bucket) <= 63 and re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", bucket)
    assert len(f"{names.role}-ap-southeast-3-staging") <= 64  # IAM role name limit


def test_prod_template_names_prod_resources_only(project):
    dev = load_project(project)
    text = environment_template(dev, "prod")
    assert environment_template(dev, "dev") == dev.template.read_text(encoding="utf-8")
    # Every name the template holds (stack resources, policies, alarms, dashboard, tags) is prod's.
    assert re.search(r"ec2-mnist(?!-prd)", text) is None
    assert "ec2-mnist-prd-models" in text and "alias/ec2-mnist-prd" in text
    policy = re.search(r"ManagedPolicyName: .*", text)
    assert policy is not None and "ec2-mnist-prd-sagemaker-role-deployer" in policy.group()


def test_an_edited_template_is_not_renamed(project):
    template = project / "infrastructure/cloudformation/main.yaml"
    template.write_text(template.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    with pytest.raises(UserError, match="differs from the template sagebridge generates"):
        environment_template(load_project(project), "prod")
    assert environment_template(load_project(project), "dev").endswith("# mine\n")


def test_dev_and_prod_side_by_side_on_moto(project, sb, boto, tmp_path):
    out = str(project)
    assert sb("deploy", out).code == 0
    deployed = sb("deploy", out, "--environment", "prod")
    assert deployed.code == 0, deployed.err
    cfn = boto("cloudformation")
    stacks = {s["StackName"]: s for s in cfn.describe_stacks()["Stacks"]}
    assert set(stacks) == {NAMES.stack, PRD.stack}
    assert all(s["StackStatus"] == "CREATE_COMPLETE" for s in stacks.values())
    buckets = {b["Name"] for b in boto("s3").list_buckets()["Buckets"]}
    assert {f"{NAMES.bucket_prefix}-{ACCOUNT}-{REGION}",
            f"{PRD.bucket_prefix}-{ACCOUNT}-{REGION}"} <= buckets
    roles = {r["RoleName"] for r in boto("iam").list_roles()["Roles"]}
    assert {f"{NAMES.role}-{REGION}-dev", f"{PRD.role}-{REGION}-prod"} <= roles
    # A second deploy of prod updates prod's stack, never dev's.
    assert sb("deploy", out, "--environment", "prod").code == 0
    assert {s["StackName"] for s in cfn.describe_stacks()["Stacks"]} == {NAMES.stack, PRD.stack}

    executed = sb("execute", out, "--environment", "prod", "-p", "QualityThreshold=0.9")
    assert executed.code == 0, executed.err
    sagemaker = boto("sagemaker")
    names = [p["PipelineName"] for p in sagemaker.list_pipelines()["PipelineSummaries"]]
    assert names == [PRD.pipeline]
    described = sagemaker.describe_pipeline(PipelineName=PRD.pipeline)
    assert described["RoleArn"].endswith(f":role/{PRD.role}-{REGION}-prod")
    definition = described["PipelineDefinition"]
    assert PRD.model_package_group in definition and f'"{NAMES.model_package_group}"' not in definition
    assert f"{PRD.bucket_prefix}-{ACCOUNT}-{REGION}" in definition
    assert json.loads(definition)  # a real definition, not a placeholder

    cleaned = sb("cleanup", out, "--environment", "prod", "--yes")
    assert PRD.pipeline in cleaned.out and f"{NAMES.pipeline} " not in cleaned.out
    left = {s["StackName"]: s["StackStatus"] for s in cfn.describe_stacks()["Stacks"]}
    assert left.get(NAMES.stack) == "CREATE_COMPLETE"
    assert left.get(PRD.stack) in (None, "DELETE_COMPLETE")
    boto("s3").head_bucket(Bucket=f"{NAMES.bucket_prefix}-{ACCOUNT}-{REGION}")
    boto("iam").get_role(RoleName=f"{NAMES.role}-{REGION}-dev")


def test_unknown_environment_is_one_line(project, sb):
    result = sb("status", str(project), "--environment", "qa")
    assert result.code == 2 and "--environment qa: use one of dev, staging, prod" in result.err



def test_a_project_reading_s3_itself_keeps_its_data_grant_in_prod(tmp_path):
    """The S3 prefix the script reads (issue 9's s3-boto3-churn) is granted to prod's role too."""
    from sagebridge.migrate import migrate_project

    out = tmp_path / "out"
    migrate_project(EXAMPLES / "corpus" / "s3-boto3-churn", out, entry_point="train.py")
    dev = load_project(out)
    text = environment_template(dev, "prod")  # not refused: it renders back as generated
    assert "arn:${AWS::Partition}:s3:::acme-ml-data/churn/v1/*" in text
    assert re.search(rf"{dev.names.project}(?!-prd)", text) is None


def test_execute_dry_run_names_the_environments_pipeline(project, sb, aws_env):
    done = sb("execute", str(project), "--environment", "prod", "--dry-run",
              "-p", "QualityThreshold=0.9")
    assert done.code == 0, done.err
    upserts = [line for line in done.out.splitlines() if "PipelineName=" in line]
    assert upserts and all(f"PipelineName='{PRD.pipeline}'" in line for line in upserts), done.out
