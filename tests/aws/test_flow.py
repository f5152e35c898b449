"""deploy -> upload-data -> execute -> status -> approve -> endpoint -> cleanup, against moto.

What moto 5.2 can't show, and so these tests don't claim:
* CloudFormation: nothing is validated; AWS::SageMaker::ModelPackageGroup, AWS::CloudWatch::Alarm
  and AWS::S3::BucketPolicy are skipped (not created), KMS encryption is recorded, not enforced;
* a pipeline execution is `Succeeded` at once and runs nothing, so no model is registered by it:
  the test registers the version the RegisterModel step would (group, package, metrics report)
  and says so; `ListPipelineExecutionSteps` is HTTP 500, so step states are not shown;
* model packages and groups can't be deleted (no DeleteModelPackage/DeleteModelPackageGroup),
  so cleanup's report of them as "not deleted" is what is checked;
* endpoints are `InService` at once and serve nothing; no data is captured; UpdateEndpoint is
  not implemented (HTTP 500), so an A/B switch is shown up to its endpoint config;
* application auto-scaling stores the target and policy but never scales;
* deleting the stack leaves its IAM role and managed policy behind in moto (AWS deletes them),
  so their removal is not asserted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import NAMES, Runner

MNIST_RAW = Path(__file__).resolve().parents[3] / "shared/data/mnist/MNIST/raw"
# IAM names are account-wide: the role carries the stack's region and Environment (dev).
ROLE_ARN = "arn:aws:iam::123456789012:role/ec2-mnist-sagemaker-role-us-east-1-dev"
BUCKET = "sagebridge-ec2-mnist-123456789012-us-east-1"


def register_version(boto: Callable[[str], Any], accuracy: float) -> str:
    """Do what the pipeline's RegisterModel step would: report in S3, package in the group.

    moto runs no pipeline step, so this stands in for the registration; the accuracy is the
    test's own fixture value, not a measured one.
    """
    s3, sagemaker = boto("s3"), boto("sagemaker")
    groups = sagemaker.list_model_package_groups()["ModelPackageGroupSummaryList"]
    if NAMES.model_package_group not in {g["ModelPackageGroupName"] for g in groups}:
        sagemaker.create_model_package_group(ModelPackageGroupName=NAMES.model_package_group)
    count = len(
        sagemaker.list_model_packages(ModelPackageGroupName=NAMES.model_package_group)[
            "ModelPackageSummaryList"
        ]
    )
    key = f"evaluation/{count + 1}/evaluation.json"
    report = {"metrics": {"accuracy": {"value": accuracy}}}
    s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(report).encode())
    answer = sagemaker.create_model_package(
        ModelPackageGroupName=NAMES.model_package_group,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [
                {
                    "Image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.5.1-cpu-py311",
                    "ModelDataUrl": f"s3://{BUCKET}/models/model.tar.gz",
                }
            ],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"],
        },
        ModelMetrics={
            "ModelQuality": {
                "Statistics": {"ContentType": "application/json", "S3Uri": f"s3://{BUCKET}/{key}"}
            }
        },
    )
    return str(answer["ModelPackageArn"])


def _alarmed_variants(template: Path) -> set[str]:
    """VariantName dimensions of the template's alarms, each alarm watching exactly one."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    resources = yaml.load(template.read_text(encoding="utf-8"), Loader=Loader)["Resources"]
    watched = set()
    for resource in resources.values():
        if resource["Type"] != "AWS::CloudWatch::Alarm":
            continue
        dimensions = {d["Name"]: d["Value"] for d in resource["Properties"].get("Dimensions", [])}
        if dimensions.get("EndpointName") == NAMES.endpoint:
            watched.add(dimensions["VariantName"])
    return watched


def test_full_flow_creates_then_removes_everything(
    sb: Runner, boto: Callable[[str], Any], project: Path, tmp_path: Path
) -> None:
    """On the generated ec2-mnist project: each command's resources really exist in moto
    afterwards; cleanup leaves nothing it can delete.

    moto can't show: the resources CloudFormation skips (model package group, alarms, bucket
    policies), a pipeline that runs, real step states, an endpoint that serves or scales.
    """
    out = str(project)

    # deploy: the stack and what it made
    deployed = sb("deploy", out)
    assert deployed.code == 0, deployed.err
    stack = boto("cloudformation").describe_stacks(StackName=NAMES.stack)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert f"ExecutionRoleArn = {ROLE_ARN}" in deployed.out
    assert f"BucketName = {BUCKET}" in deployed.out
    assert boto("iam").get_role(RoleName=f"{NAMES.role}-us-east-1-dev")["Role"]["Arn"] == ROLE_ARN
    boto("s3").head_bucket(Bucket=BUCKET)

    # upload-data: real MNIST files, one above the multipart threshold
    data = tmp_path / "mnist"
    data.mkdir()
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"):
        (data / name).write_bytes((MNIST_RAW / name).read_bytes())
    uploaded = sb("upload-data", out, f"raw={data}")
    assert uploaded.code == 0, uploaded.err
    raw = f"{NAMES.pipeline}/data/raw"
    assert f"s3://{BUCKET}/{raw}/" in uploaded.out and "2 uploaded" in uploaded.out
    assert "InputDataUri reads it by default" in uploaded.out
    s3 = boto("s3")
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"):
        head = s3.head_object(Bucket=BUCKET, Key=f"{raw}/{name}")
        local = (data / name).read_bytes()
        assert head["ContentLength"] == len(local)
        assert head["Metadata"]["sagebridge-sha256"] == hashlib.sha256(local).hexdigest()
    big = s3.head_object(Bucket=BUCKET, Key=f"{raw}/train-images-idx3-ubyte.gz")
    assert big["ETag"].strip('"').endswith("-2")  # 9.3 MiB in 8 MiB parts: multipart
    again = sb("upload-data", out, f"raw={data}")
    assert again.code == 0 and "2 unchanged" in again.out
    # Another channel name: uploaded beside it, with the parameter that reads it printed.
    other = sb("upload-data", out, f"training={data}")
    assert other.code == 0, other.err
    assert f"-p InputDataUri=s3://{BUCKET}/{NAMES.pipeline}/data/training/" in other.out

    # execute: pipeline upserted with the stack's role, execution started and followed
    executed = sb("execute", out, "-p", "epochs=1", "-p", "QualityThreshold=0.9", "--wait")
    assert executed.code == 0, executed.err
    sagemaker = boto("sagemaker")
    pipeline = sagemaker.describe_pipeline(PipelineName=NAMES.pipeline)
    assert pipeline["RoleArn"] == ROLE_ARN
    definition = json.loads(pipeline["PipelineDefinition"])
    # Issue 12 item 2: the Preprocess step's input is the folder upload-data filled.
    [input_uri] = [p for p in definition["Parameters"] if p["Name"] == "InputDataUri"]
    assert input_uri["DefaultValue"] == f"s3://{BUCKET}/{raw}"
    steps = {step["Name"]: step for step in definition["Steps"]}
    assert {"Preprocess", "Train", "Evaluate", "QualityGate"} <= set(steps)
    for name in ("Preprocess", "Train", "Evaluate"):
        assert steps[name]["Arguments"]["RoleArn"] == ROLE_ARN
    # the SDK uploaded the generated code into the stack's bucket while building the definition
    code = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{NAMES.pipeline}/code/").get("Contents", [])
    assert {Path(o["Key"]).name for o in code} >= {"preprocess.py", "evaluate.py"}
    executions = sagemaker.list_pipeline_executions(PipelineName=NAMES.pipeline)
    assert len(executions["PipelineExecutionSummaries"]) == 1
    assert "Succeeded" in executed.out
    assert "step states can't be shown" in executed.out  # moto: ListPipelineExecutionSteps 500
    assert sb("execute", out, "-p", "QualityThreshold=0.9").code == 0  # the second run updates the pipeline
    assert (
        len(
            sagemaker.list_pipeline_executions(PipelineName=NAMES.pipeline)[
                "PipelineExecutionSummaries"
            ]
        )
        == 2
    )

    # status: executions and the registered version with its metrics
    register_version(boto, accuracy=0.975)
    status = sb("status", out, "--json")
    assert status.code == 0, status.err
    report = json.loads(status.out)
    assert set(report) == {  # the pinned shape of `status --json` (endpoint, alarms: monitor.sh's)
        "schema", "region", "pipeline", "model_package_group", "executions", "versions",
        "endpoint", "endpoint_status", "alarms",
    }  # fmt: skip
    assert set(report["versions"][0]) == {
        "version", "arn", "approval_status", "created", "metrics", "metrics_note"
    }  # fmt: skip
    assert set(report["executions"][0]) == {"arn", "status", "started", "failure_reason"}
    assert report["schema"] == 1
    assert [e["status"] for e in report["executions"]] == ["Succeeded", "Succeeded"]
    assert report["versions"][0]["version"] == 1
    assert report["versions"][0]["approval_status"] == "PendingManualApproval"
    assert report["versions"][0]["metrics"] == {"accuracy": 0.975}

    # approve
    approved = sb("approve", out)
    assert approved.code == 0, approved.err
    package = sagemaker.describe_model_package(ModelPackageName=report["versions"][0]["arn"])
    assert package["ModelApprovalStatus"] == "Approved"

    # endpoint deploy: model, config with data capture, endpoint, scaling
    served = sb("endpoint", out, "deploy", "--capture-percent", "5")
    assert served.code == 0, served.err
    endpoint = sagemaker.describe_endpoint(EndpointName=NAMES.endpoint)
    assert endpoint["EndpointStatus"] == "InService"
    config = sagemaker.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
    assert config["DataCaptureConfig"]["EnableCapture"] is True
    assert config["DataCaptureConfig"]["InitialSamplingPercentage"] == 5  # was always 100
    assert config["DataCaptureConfig"]["DestinationS3Uri"].startswith(f"s3://{BUCKET}/")
    assert [v["VariantName"] for v in config["ProductionVariants"]] == ["AllTraffic"]
    model = sagemaker.describe_model(ModelName=config["ProductionVariants"][0]["ModelName"])
    assert model["PrimaryContainer"]["ModelPackageName"] == report["versions"][0]["arn"]
    assert model["ExecutionRoleArn"] == ROLE_ARN
    autoscaling = boto("application-autoscaling")
    policies = autoscaling.describe_scaling_policies(ServiceNamespace="sagemaker")[
        "ScalingPolicies"
    ]
    assert [p["ResourceId"] for p in policies] == [f"endpoint/{NAMES.endpoint}/variant/AllTraffic"]
    metric = policies[0]["TargetTrackingScalingPolicyConfiguration"][
        "PredefinedMetricSpecification"
    ]
    assert metric["PredefinedMetricType"] == "SageMakerVariantInvocationsPerInstance"

    # endpoint update: version 2 would take 25 % of the traffic beside version 1. moto 5.2 has
    # no UpdateEndpoint (HTTP 500): the two-variant config is created, the switch is refused.
    register_version(boto, accuracy=0.981)
    assert sb("approve", out, "--version", "2").code == 0
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_MAX_ATTEMPTS", "2")  # moto's 500 would otherwise be retried 10 times
        split = sb("endpoint", out, "update", "--version", "2", "--variant-weight", "0.25")
    assert split.code == 1 and "AWS refused UpdateEndpoint" in split.err
    configs = [
        sagemaker.describe_endpoint_config(EndpointConfigName=c["EndpointConfigName"])
        for c in sagemaker.list_endpoint_configs()["EndpointConfigs"]
    ]
    splits = [
        {v["VariantName"]: v["InitialVariantWeight"] for v in c["ProductionVariants"]}
        for c in configs
        if len(c["ProductionVariants"]) == 2
    ]
    assert splits == [{"AllTraffic": 0.75, "Candidate": 0.25}]
    # Every variant served, alone or in the A/B split, is one the stack's alarms watch (moto
    # skips AWS::CloudWatch::Alarm: the generated template itself is read).
    watched = _alarmed_variants(project / "infrastructure/cloudformation/main.yaml")
    assert {name for split in splits for name in split} | {"AllTraffic"} <= watched
    assert {m["ModelName"] for m in sagemaker.list_models()["Models"]} == {
        f"{NAMES.endpoint}-v1",
        f"{NAMES.endpoint}-v2",
    }

    # cleanup: refuses without a terminal, then deletes everything with --yes
    refused = sb("cleanup", out)
    assert refused.code == 2 and "--yes" in refused.err
    assert sagemaker.describe_endpoint(EndpointName=NAMES.endpoint)["EndpointStatus"] == "InService"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_MAX_ATTEMPTS", "2")  # moto's 500s would otherwise be retried 10 times
        cleaned = sb("cleanup", out, "--yes")
    # moto 5.2 has no DeleteModelPackage/DeleteModelPackageGroup (HTTP 500): cleanup reports
    # them as not deleted, exits 1, and still deletes everything else.
    assert cleaned.code == 1
    assert "cleanup incomplete, 3 not deleted" in cleaned.err
    assert f"model package group {NAMES.model_package_group}" in cleaned.err
    assert (
        f"deleted bucket {BUCKET}" in cleaned.out and f"deleted stack {NAMES.stack}" in cleaned.out
    )
    assert sagemaker.list_endpoints()["Endpoints"] == []
    assert sagemaker.list_endpoint_configs()["EndpointConfigs"] == []
    assert sagemaker.list_models()["Models"] == []
    assert sagemaker.list_pipelines()["PipelineSummaries"] == []
    assert (
        autoscaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []
    )
    bucket_names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert BUCKET not in bucket_names and f"{BUCKET}-logs" not in bucket_names
    live = [
        s
        for s in boto("cloudformation").list_stacks()["StackSummaries"]
        if s["StackStatus"] != "DELETE_COMPLETE"
    ]
    assert live == []
    assert "kept (DeletionPolicy: Retain): AWS::KMS::Key" in cleaned.out
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_MAX_ATTEMPTS", "2")
        rerun = sb("cleanup", out, "--yes")
    assert rerun.code == 1
    assert f"endpoint {NAMES.endpoint}" not in rerun.out and f"stack {NAMES.stack}" not in rerun.out


@pytest.mark.parametrize("missing", ["stack", "version"])
def test_endpoint_needs_an_approved_version(
    sb: Runner, boto: Callable[[str], Any], project: Path, missing: str
) -> None:
    """No approved version -> one clear line, exit 2, no endpoint (moto: nothing is served)."""
    assert sb("deploy", str(project)).code == 0
    if missing == "version":
        register_version(boto, accuracy=0.5)
    result = sb("endpoint", str(project), "deploy")
    assert result.code == 2
    expected = "no Approved version" if missing == "version" else "has no versions"
    assert expected in result.err
    assert boto("sagemaker").list_endpoints()["Endpoints"] == []


def test_endpoint_delete_removes_endpoint_configs_models_and_scaling(
    sb: Runner, boto: Callable[[str], Any], project: Path
) -> None:
    """`endpoint OUT delete` leaves no endpoint, config, model or scaling target behind.

    moto can't show the endpoint's Deleting phase (it disappears at once).
    """
    out = str(project)
    assert sb("deploy", out).code == 0
    register_version(boto, accuracy=0.9)
    assert sb("approve", out).code == 0
    assert sb("endpoint", out, "deploy", "--instance-type", "ml.c5.large").code == 0
    sagemaker, autoscaling = boto("sagemaker"), boto("application-autoscaling")
    config = sagemaker.list_endpoint_configs()["EndpointConfigs"][0]["EndpointConfigName"]
    variant = sagemaker.describe_endpoint_config(EndpointConfigName=config)["ProductionVariants"][0]
    assert variant["InstanceType"] == "ml.c5.large"
    again = sb("endpoint", out, "deploy")
    assert again.code == 2 and "exists" in again.err  # deploy never replaces a live endpoint
    deleted = sb("endpoint", out, "delete")
    assert deleted.code == 0, deleted.err
    assert sagemaker.list_endpoints()["Endpoints"] == []
    assert sagemaker.list_endpoint_configs()["EndpointConfigs"] == []
    assert sagemaker.list_models()["Models"] == []
    assert (
        autoscaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []
    )
    assert "nothing to delete" in sb("endpoint", out, "delete").out
