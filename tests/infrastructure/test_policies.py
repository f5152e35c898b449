"""The four IAM policies: one source (plan/iam.py) for the JSON files and the template, least
privilege statement by statement, SageMaker's lower-cased ARNs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from infrastructure.projects import EXAMPLES, IAM_FILES, TEMPLATE, names_of
from sagebridge.plan.iam import RESOURCELESS_ACTIONS, plan_policies
from sagebridge.plan.names import derive_names
from sagebridge.validate.project import load_cloudformation
from sagebridge.validate.project import plain_intrinsics as plain_form

SKIPPED_BY_MOTO = {"AWS::SageMaker::ModelPackageGroup", "AWS::CloudWatch::Alarm"}


def _files(project: Path) -> dict[str, dict]:
    return {name: json.loads((project / "infrastructure/iam" / name).read_text())
            for name in IAM_FILES}


@pytest.mark.parametrize("example", EXAMPLES)
def test_json_files_are_the_policies_the_template_creates(generated, example):
    project = generated[example]
    resources = load_cloudformation(project / TEMPLATE)["Resources"]
    role = resources["ExecutionRole"]["Properties"]
    inline = {p["PolicyName"]: plain_form(p["PolicyDocument"]) for p in role["Policies"]}
    files = _files(project)
    assert files["trust-policy.json"] == plain_form(role["AssumeRolePolicyDocument"])
    assert files["execution-policy.json"] == inline["execution"]
    assert files["model-registry-policy.json"] == inline["model-registry"]
    deployer = resources["EndpointDeployerPolicy"]["Properties"]["PolicyDocument"]
    assert files["endpoint-policy.json"] == plain_form(deployer)
    # ...and both are exactly what plan/iam.py computes from the plan's names.
    framework = json.loads((project / "metadata.json").read_text())["framework"]
    planned = plan_policies(names_of(project), framework)
    assert files["execution-policy.json"] == planned["execution"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_grants_are_scoped(generated, example):
    project = generated[example]
    names = names_of(project)
    statements = [s for doc in _files(project).values() for s in doc["Statement"]]
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [
            statement["Action"]]
        assert not any("*" in action for action in actions), statement
        if statement.get("Resource") == "*":
            assert set(actions) <= RESOURCELESS_ACTIONS, statement
    by_sid = {s["Sid"]: s for s in statements}
    pass_role = by_sid["PassOnlyThisRoleToSageMaker"]
    assert pass_role["Resource"].endswith(f":role/{names.role}-${{AWS::Region}}-${{Environment}}")
    assert pass_role["Condition"] == {
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
    jobs = by_sid["CreateProjectJobs"]["Resource"] + by_sid["ManageProjectJobs"]["Resource"]
    assert all(arn.rsplit("/", 1)[1] in {f"{names.base_job}*", "pipelines-*"} for arn in jobs)
    bucket = by_sid["ProjectObjects"]["Resource"]
    assert bucket == f"arn:${{AWS::Partition}}:s3:::{names.bucket_prefix}-${{AWS::AccountId}}-" \
                     "${AWS::Region}/*"


def test_sagemaker_arns_use_lower_case_names():
    # Mixed case, as a hand-edited metadata.json may hold them (derive_names never writes it).
    names = replace(derive_names("MyProj"), stack="MyProj-stack", pipeline="MyProj-pipeline",
                    model_package_group="MyProj-Models", endpoint="MyProj-Endpoint",
                    role="MyProj-Role", base_job="MyProj-Train")
    text = json.dumps(plan_policies(names))
    assert "model-package-group/myproj-models" in text
    assert "endpoint/myproj-endpoint" in text
    assert "training-job/myproj-train*" in text
    assert ":role/MyProj-Role" in text  # IAM keeps the case of role names
    assert "MyProj-Models" not in text


@pytest.mark.parametrize("example", EXAMPLES)
def test_outputs_reference_no_resource_moto_skips(generated, example):
    """moto skips model package groups and alarms, and a GetAtt/Ref on a skipped resource fails
    the whole create_stack: outputs must build those values from names instead."""
    template = load_cloudformation(generated[example] / TEMPLATE)
    skipped = {logical for logical, r in template["Resources"].items()
               if r["Type"] in SKIPPED_BY_MOTO}
    assert skipped  # the template does create them
    text = json.dumps(template["Outputs"])
    for logical in skipped:
        assert f'"{logical}"' not in text and f'"{logical}.' not in text
    assert template["Outputs"]["ModelPackageGroupName"]["Value"] == names_of(
        generated[example]).model_package_group
