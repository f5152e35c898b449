"""The generated stack and deployment scripts against a real moto server on 127.0.0.1.

What this shows: the rendered template creates (role with the planned inline policies, KMS
key, KMS-encrypted bucket, log group with retention, KMS-encrypted SNS topic), and the five
scripts, each a thin wrapper over one `sagebridge` command, really drive AWS APIs in order:
deploy the stack, build the definition with the real `pipeline/pipeline.py` (the SageMaker SDK
uploads the code to the stack's bucket) and upsert and start the pipeline, deploy the approved
model to an endpoint, report the status, clean up.

What moto cannot show: it validates nothing in the template (cfn-lint and checkov do, see
tests/validate); it skips AWS::SageMaker::ModelPackageGroup and AWS::CloudWatch::Alarm (this
test creates the group through the API instead, and the alarms exist only on real AWS); it
ignores lifecycle rules, versioning, the public access block, bucket policies and a log group's
KMS key; it does not evaluate IAM, so
least privilege is checked statically (test_policies.py, the validate iam check); pipeline
executions "succeed" at once without running a step, and endpoints are InService at once.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import boto3

from infrastructure.projects import names_of
from sagebridge.validate.tools import offline_env

ACCOUNT, REGION = "123456789012", "us-east-1"


def _env() -> dict[str, str]:
    """No AWS_ENDPOINT_URL: the scripts must honour --endpoint-url themselves. Any request that
    escapes it goes to a dead loopback proxy, never to AWS."""
    env = offline_env({"PYTHON": sys.executable})
    env.pop("AWS_ENDPOINT_URL", None)
    env.pop("SAGEBRIDGE_ROLE_ARN", None)
    env.pop("SAGEBRIDGE_BUCKET", None)
    env["AWS_MAX_ATTEMPTS"] = "2"  # moto answers the APIs it lacks with HTTP 500: retry less
    return env


def _script(project: Path, name: str, *args: str, env: dict[str, str] | None = None,
            ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(project / "scripts" / name), *args], cwd=project,
                          env=env or _env(), capture_output=True, text=True, timeout=600,
                          check=False)
    if ok:
        assert done.returncode == 0, f"{name} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


def _client(service: str, url: str):
    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _sample(document: dict, variables: dict[str, str] | None = None) -> dict:
    text = json.dumps(document)
    for name, value in (("AWS::Partition", "aws"), ("AWS::Region", REGION),
                        ("AWS::AccountId", ACCOUNT), *(variables or {}).items()):
        text = text.replace("${" + name + "}", value)
    return json.loads(text)


def test_stack_and_scripts_end_to_end(project_copy, moto_url):
    project = project_copy("sklearn-digits")
    names = names_of(project)
    url = ("--endpoint-url", moto_url)

    # 1. deploy_infrastructure.sh = `sagebridge deploy`: the stack and its outputs.
    deployed = _script(project, "deploy_infrastructure.sh", *url, "--environment", "dev",
                       "--json")  # staging/prod have their own names: tests/aws/test_environments.py
    outputs = json.loads(deployed.stdout)["outputs"]
    bucket = f"{names.bucket_prefix}-{ACCOUNT}-{REGION}"
    role = f"{names.role}-{REGION}-dev"  # IAM names are account-wide: region, environment
    assert outputs["ExecutionRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{role}"
    assert outputs["BucketName"] == bucket
    assert outputs["ModelPackageGroupName"] == names.model_package_group
    assert outputs["PipelineName"] == names.pipeline

    iam = _client("iam", moto_url)
    for policy, file in (("execution", "execution-policy.json"),
                         ("model-registry", "model-registry-policy.json")):
        created = iam.get_role_policy(RoleName=role, PolicyName=policy)["PolicyDocument"]
        if isinstance(created, str):  # moto returns a CloudFormation-made policy as a repr
            created = ast.literal_eval(created)
        planned = json.loads((project / "infrastructure/iam" / file).read_text())
        # The stack resolved the key (`${DataKey.Arn}`) and the region's image registry
        # (`Fn::FindInMap` on ImageRegistries) to concrete values.
        assert created == _sample(planned, {"DataKey.Arn": outputs["KmsKeyArn"],
                                            "FirstPartyRegistry": "683313688378",
                                            "Environment": "dev"})
    trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}

    encryption = _client("s3", moto_url).get_bucket_encryption(Bucket=bucket)
    rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": outputs["KmsKeyArn"]}
    groups = _client("logs", moto_url).describe_log_groups(
        logGroupNamePrefix=f"/aws/sagemaker/Endpoints/{names.endpoint}")["logGroups"]
    assert [g["retentionInDays"] for g in groups] == [365]  # moto drops the KmsKeyId
    topic = _client("sns", moto_url).get_topic_attributes(TopicArn=outputs["AlarmTopicArn"])
    assert topic["Attributes"]["KmsMasterKeyId"] == f"alias/{names.project}"

    # 2. run_pipeline.sh = `sagebridge execute`: the real pipeline.py builds the definition
    # (code uploaded to moto). The CLI's refusals and its update of an existing pipeline are
    # tests/aws's (test_execute_parameters.py, test_flow.py): the script adds nothing to them.
    _script(project, "run_pipeline.sh", *url, "-p", "QualityThreshold=0.9", "--wait")
    sagemaker = _client("sagemaker", moto_url)
    pipeline = sagemaker.describe_pipeline(PipelineName=names.pipeline)
    assert pipeline["RoleArn"] == outputs["ExecutionRoleArn"]
    definition = json.loads(pipeline["PipelineDefinition"])
    assert {step["Name"] for step in definition["Steps"]} >= {"Preprocess", "Evaluate"}
    uploaded = _client("s3", moto_url).list_objects_v2(Bucket=bucket).get("KeyCount", 0)
    assert uploaded > 0
    executions = sagemaker.list_pipeline_executions(PipelineName=names.pipeline)[
        "PipelineExecutionSummaries"]
    assert [e["PipelineExecutionStatus"] for e in executions] == ["Succeeded"]

    # 3. deploy_endpoint.sh = `sagebridge endpoint OUT deploy`: refuses without an approved
    # version, then deploys the approved one.
    # moto skips the template's ModelPackageGroup: create it and a package through the API.
    sagemaker.create_model_package_group(ModelPackageGroupName=names.model_package_group)
    refused = _script(project, "deploy_endpoint.sh", *url, ok=False)
    assert refused.returncode == 2 and "has no versions" in refused.stderr, refused.stderr
    sagemaker.create_model_package(
        ModelPackageGroupName=names.model_package_group, ModelApprovalStatus="Approved",
        InferenceSpecification={
            "Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sk:1.2",
                            "ModelDataUrl": f"s3://{bucket}/model.tar.gz"}],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"]})
    _script(project, "deploy_endpoint.sh", *url, "--instance-type", "ml.m5.large")
    endpoint = sagemaker.describe_endpoint(EndpointName=names.endpoint)
    assert endpoint["EndpointStatus"] == "InService"
    config = sagemaker.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
    model = sagemaker.describe_model(ModelName=config["ProductionVariants"][0]["ModelName"])
    assert model["ExecutionRoleArn"] == outputs["ExecutionRoleArn"]

    # 4. monitor.sh = `sagebridge status`: executions, versions, the endpoint, the alarms
    # (moto skips the template's alarms: one is put through the API, named as the stack names them).
    _client("cloudwatch", moto_url).put_metric_alarm(
        AlarmName=f"{names.pipeline}-execution-failed", MetricName="ExecutionFailed",
        Namespace="AWS/Sagemaker/ModelBuildingPipeline", Statistic="Sum", Period=300,
        EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold")
    report = json.loads(_script(project, "monitor.sh", *url, "--json").stdout)
    assert report["endpoint_status"] == "InService"
    assert [e["status"] for e in report["executions"]] == ["Succeeded"]
    assert [a["name"] for a in report["alarms"]] == [f"{names.pipeline}-execution-failed"]

    # 5. cleanup.sh runs `sagebridge cleanup` on the project (this checkout's sagebridge).
    # moto has no DeleteModelPackage/DeleteModelPackageGroup, so cleanup reports those two as
    # not deleted (exit 1) after deleting everything else.
    cleaned = _script(project, "cleanup.sh", *url, "--yes", ok=False)
    assert cleaned.returncode == 1 and "2 not deleted" in cleaned.stderr, cleaned.stderr
    assert "DeleteModelPackageGroup" in cleaned.stderr
    assert sagemaker.list_endpoints()["Endpoints"] == []
    assert sagemaker.list_models()["Models"] == []
    stacks = _client("cloudformation", moto_url).list_stacks()["StackSummaries"]
    assert {s["StackName"]: s["StackStatus"] for s in stacks}[names.stack] == "DELETE_COMPLETE"


def test_scripts_are_executable_and_strict(generated):
    scripts = sorted((generated["ec2-mnist"] / "scripts").glob("*.sh"))
    assert [s.name for s in scripts] == ["cleanup.sh", "deploy_endpoint.sh",
                                         "deploy_infrastructure.sh", "monitor.sh",
                                         "run_pipeline.sh"]
    for script in scripts:
        assert os.access(script, os.X_OK), script
        lines = script.read_text().splitlines()
        assert lines[0] == "#!/usr/bin/env bash"
        assert "set -euo pipefail" in lines
        usage = subprocess.run([str(script), "--bogus"], capture_output=True, text=True,
                               check=False, timeout=60, env=_env())
        assert usage.returncode == 2 and "No such option: --bogus" in usage.stderr, usage.stderr
