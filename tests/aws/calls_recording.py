"""The CLI flow of tests/aws/test_flow.py run with every botocore call recorded, per command.

The recorder (tests/helpers/call_recorder) wraps botocore's `_make_api_call` in this process and,
through PYTHONPATH's sitecustomize, in the subprocess that builds the pipeline definition (the
SageMaker SDK's uploads and pipeline.py's KMS lookup happen there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Runner
from .test_flow import register_version

RECORDER = Path(__file__).resolve().parents[1] / "helpers/call_recorder"

Call = dict[str, Any]


def _read(path: Path) -> list[Call]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def record_flow(sb: Runner, boto: Callable[[str], Any], project: Path, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Call]]:
    """Run deploy ... cleanup, doctor; return the calls each command made (in order)."""
    import os

    from helpers.paths import load_module

    record_to = load_module(RECORDER / "sagebridge_call_recorder.py").record_to

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(RECORDER), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")  # moto's 500s would be retried 10 times
    calls: dict[str, list[Call]] = {}
    out = str(project)
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_bytes(b"x,y\n1,2\n" * 10)

    runs = iter(range(100))

    def run(label: str, *args: str, ok: bool = True) -> None:
        sink = tmp_path / f"calls-{next(runs)}.jsonl"
        monkeypatch.setenv("SAGEBRIDGE_RECORD_CALLS", str(sink))
        record_to(str(sink))
        try:
            result = sb(*args)
        finally:
            record_to(None)
            monkeypatch.delenv("SAGEBRIDGE_RECORD_CALLS")
        assert (result.code == 0) == ok, (label, result.out, result.err)
        calls[label] = calls.get(label, []) + _read(sink)

    run("deploy", "deploy", out)
    run("doctor", "doctor", out)  # moto: quotas and SimulatePrincipalPolicy are skipped
    run("upload-data", "upload-data", out, f"training={data}")
    run("execute", "execute", out, "-p", "QualityThreshold=0.9", "--wait")
    run("execute", "execute", out, "-p", "QualityThreshold=0.9")
    register_version(boto, accuracy=0.9)
    run("status", "status", out, "--json")
    run("approve", "approve", out)
    run("endpoint deploy", "endpoint", out, "deploy", "--capture-percent", "5")
    register_version(boto, accuracy=0.95)
    run("approve", "approve", out, "--version", "2")
    run("endpoint update", "endpoint", out, "update", "--version", "2",
        "--variant-weight", "0.25", ok=False)  # moto: no UpdateEndpoint
    run("endpoint delete", "endpoint", out, "delete")
    run("endpoint deploy", "endpoint", out, "deploy")
    run("cleanup", "cleanup", out, "--yes", ok=False)  # moto: no DeleteModelPackage(Group)
    return calls


# --- from a recorded call to the IAM request it needs --------------------------------------

ACCOUNT, REGION_NAME = "123456789012", "us-east-1"
_PREFIX = {"sagemaker-runtime": "sagemaker", "service-quotas": "servicequotas"}
_S3_ACTIONS = {
    "HeadObject": "s3:GetObject", "GetObject": "s3:GetObject", "PutObject": "s3:PutObject",
    "CreateMultipartUpload": "s3:PutObject", "UploadPart": "s3:PutObject",
    "CompleteMultipartUpload": "s3:PutObject", "AbortMultipartUpload": "s3:AbortMultipartUpload",
    "ListObjectsV2": "s3:ListBucket", "HeadBucket": "s3:ListBucket",
    "ListObjectVersions": "s3:ListBucketVersions", "ListBuckets": "s3:ListAllMyBuckets",
    "DeleteBucket": "s3:DeleteBucket",
}  # fmt: skip
# SageMaker request parameters naming the resource the action is authorized on, in priority order.
_SAGEMAKER_RESOURCE = (
    ("PipelineExecutionArn", None), ("PipelineName", "pipeline"),
    ("EndpointName", "endpoint"), ("EndpointConfigName", "endpoint-config"),
    ("ModelName", "model"), ("ModelPackageArn", None), ("ModelPackageName", None),
    ("ModelPackageGroupName", "model-package-group"),
)
# List actions IAM authorizes on a resource (the Service Authorization Reference names a resource
# type for them; ListModelPackages below); the others have none: `*`.
_SCOPED_LISTS = {"ListPipelineExecutions", "ListPipelineExecutionSteps"}


def _sagemaker_resource(operation: str, params: dict[str, Any]) -> str:
    if operation == "ListModelPackages" and "ModelPackageGroupName" in params:
        # The reference's resource type is model-package: the group's versions.
        group = str(params["ModelPackageGroupName"]).lower()
        return f"arn:aws:sagemaker:{REGION_NAME}:{ACCOUNT}:model-package/{group}/*"
    if operation.startswith("List") and operation not in _SCOPED_LISTS:
        return "*"
    for key, kind in _SAGEMAKER_RESOURCE:
        if key in params:
            value = str(params[key])
            if value.startswith("arn:"):
                return value
            return f"arn:aws:sagemaker:{REGION_NAME}:{ACCOUNT}:{kind}/{value.lower()}"
    return "*"


def requests_of(call: Call) -> list[tuple[str, str]]:
    """(IAM action, resource ARN) pairs one recorded call needs; [] for sts:GetCallerIdentity."""
    service, operation, params = call["service"], call["operation"], call["params"]
    if (service, operation) == ("sts", "GetCallerIdentity"):
        return []  # needs no permission
    if service == "s3":
        bucket = f"arn:aws:s3:::{params['Bucket']}" if "Bucket" in params else "*"
        if operation == "DeleteObjects":
            objects = params["Delete"]["Objects"]
            return [("s3:DeleteObjectVersion" if "VersionId" in o else "s3:DeleteObject",
                     f"{bucket}/{o['Key']}") for o in objects]
        action = _S3_ACTIONS[operation]
        return [(action, f"{bucket}/{params['Key']}" if "Key" in params else bucket)]
    action = f"{_PREFIX.get(service, service)}:{operation}"
    if service in ("sagemaker", "sagemaker-runtime"):
        return [(action, _sagemaker_resource(operation, params))]
    if service == "cloudformation" and "StackName" in params:
        name = str(params["StackName"])
        arn = name if name.startswith("arn:") else (
            f"arn:aws:cloudformation:{REGION_NAME}:{ACCOUNT}:stack/{name}/*")
        return [(action, arn)]
    if service == "application-autoscaling" and not operation.startswith("Describe"):
        # Authorized on the scalable target, whose ARN ends in an id AWS assigns.
        target = f"arn:aws:application-autoscaling:{REGION_NAME}:{ACCOUNT}:scalable-target/*"
        return [(action, target)]
    if (service, operation) == ("cloudwatch", "DescribeAlarms") and "AlarmNamePrefix" in params:
        # Authorized on the alarms it may return: those whose names start with the prefix.
        prefix = str(params["AlarmNamePrefix"])
        return [(action, f"arn:aws:cloudwatch:{REGION_NAME}:{ACCOUNT}:alarm:{prefix}*")]
    if service == "iam" and "PolicySourceArn" in params:
        return [(action, str(params["PolicySourceArn"]))]
    return [(action, "*")]


_RANDOM_PARTS = (
    (re.compile(r"/execution/[a-z0-9]+$"), "/execution/*"),  # execution ids
    (re.compile(r"(endpoint-config/\{endpoint\})-[0-9a-f]{10}$"), r"\1-*"),  # config hashes
    (re.compile(r"(model-package/\{model_package_group\})/[0-9]+$"), r"\1/*"),  # versions
    # The role's account-wide name ends in the stack's region and Environment (default dev).
    (re.compile(rf"(:role/\{{role\}})-{REGION_NAME}-dev$"), r"\1-${AWS::Region}-${Environment}"),
)


def abstract(resource: str, names: dict[str, str], bucket: str) -> str:
    """A recorded resource as a template: the project's names as `{field}`, the account,
    region and partition as CloudFormation pseudo parameters, S3 keys cut to their first
    segment (`{bucket}/data/*`), so the template holds for any project."""
    if resource.startswith("arn:aws:s3:::") and "/" in resource:
        resource = resource.split("/", 1)[0] + "/*"  # the SDK's key prefixes vary by framework
    resource = resource.replace(bucket, "{bucket}")
    for field, value in sorted(names.items(), key=lambda item: -len(item[1])):
        if field in ("bucket_prefix", "base_job"):
            continue
        resource = resource.replace(value.lower(), "{" + field + "}")
    for random_part, fixed in _RANDOM_PARTS:
        resource = random_part.sub(fixed, resource)
    resource = resource.replace(f":{REGION_NAME}:", ":${AWS::Region}:")
    resource = resource.replace(f":{ACCOUNT}:", ":${AWS::AccountId}:")
    return resource.replace("arn:aws:", "arn:${AWS::Partition}:", 1)


def stored_form(calls: dict[str, list[Call]], names: dict[str, str],
                bucket: str) -> dict[str, list[list[str]]]:
    """{command: sorted [action, resource template] pairs}: what iam_calls.json holds."""
    return {
        command: [list(pair) for pair in sorted({(action, abstract(resource, names, bucket))
                         for call in recorded for action, resource in requests_of(call)})]
        for command, recorded in calls.items()
    }
