"""IAM sufficiency: every AWS request the CLI makes is allowed by the generated deployer policy.

`iam_calls.json` holds, per CLI command, the (IAM action, resource template) pairs its boto3
calls need, derived from a recording of the real CLI flow against moto
(tests/aws/test_iam_sufficiency.py keeps the file equal to a fresh recording). Templates name
the project's resources as `{pipeline}`, `{endpoint}`, ... and the account as CloudFormation
pseudo parameters, so the list holds for any generated project.

`IMPLIED` adds what AWS authorizes on the caller beside the call itself (documented, not seen
by moto): passing the role, S3's use of the bucket's KMS key, Application Auto Scaling's
service-linked role and alarms.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from sagebridge.model import Names
from sagebridge.validate.iam_eval import Request, evaluate, substitute

# Commands whose calls the deployer managed policy covers. `deploy` and `cleanup` create and
# delete the stack itself (IAM roles, KMS keys, buckets): an administrator's job, not granted.
DEPLOYER_COMMANDS = ("doctor", "upload-data", "execute", "status", "approve",
                     "endpoint deploy", "endpoint update", "endpoint delete")
ADMIN_COMMANDS = ("deploy", "cleanup")

SAGEMAKER = "sagemaker.amazonaws.com"
SCALING_SERVICE = "sagemaker.application-autoscaling.amazonaws.com"
SCALING_ROLE = ("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
                f"{SCALING_SERVICE}/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint")
SCALING_ALARMS = ("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:"
                  "alarm:TargetTracking-endpoint/{endpoint}/*")
ROLE = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{role}-${AWS::Region}-${Environment}"
KEY = "${DataKey.Arn}"
_VIA_S3 = {"kms:ViaService": "s3.${AWS::Region}.amazonaws.com"}


@dataclass(frozen=True)
class Need:
    action: str
    resource: str
    context: Mapping[str, str]


def _need(action: str, resource: str, **context: str) -> Need:
    return Need(action, resource, {k.replace("_", ":", 1): v for k, v in context.items()})


SAME = "<the call's resource>"
_TAGGED = _need("sagemaker:AddTags", SAME)  # SageMaker authorizes `Tags` on create as AddTags

# action -> what AWS also authorizes on the caller when it is called (service docs).
_CONFIGS = ("arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:"
            "endpoint-config/{endpoint}-*")
IMPLIED: Mapping[str, tuple[Need, ...]] = {
    # Authorized on the endpoint and on the endpoint config it serves.
    "sagemaker:CreateEndpoint": (_TAGGED, _need("sagemaker:CreateEndpoint", _CONFIGS)),
    "sagemaker:UpdateEndpoint": (_need("sagemaker:UpdateEndpoint", _CONFIGS),),
    "sagemaker:CreateEndpointConfig": (_TAGGED,),
    "sagemaker:CreatePipeline": (_need("iam:PassRole", ROLE, iam_PassedToService=SAGEMAKER),
                                 _TAGGED),
    "sagemaker:UpdatePipeline": (_need("iam:PassRole", ROLE, iam_PassedToService=SAGEMAKER),),
    "sagemaker:CreateModel": (_need("iam:PassRole", ROLE, iam_PassedToService=SAGEMAKER),
                              _TAGGED),
    # SSE-KMS bucket: S3 asks KMS for a data key on writes, decrypts on reads.
    "s3:PutObject": (Need("kms:GenerateDataKey", KEY, _VIA_S3), Need("kms:Decrypt", KEY, _VIA_S3)),
    "s3:GetObject": (Need("kms:Decrypt", KEY, _VIA_S3),),
    # Application Auto Scaling for SageMaker (its IAM docs): the service-linked role on first
    # use, the endpoint read and resized, the target-tracking alarms made and removed.
    "application-autoscaling:RegisterScalableTarget": (
        _need("iam:CreateServiceLinkedRole", SCALING_ROLE, iam_AWSServiceName=SCALING_SERVICE),
        _need("sagemaker:DescribeEndpoint", "arn:${AWS::Partition}:sagemaker:${AWS::Region}:"
              "${AWS::AccountId}:endpoint/{endpoint}"),
        _need("sagemaker:UpdateEndpointWeightsAndCapacities", "arn:${AWS::Partition}:sagemaker:"
              "${AWS::Region}:${AWS::AccountId}:endpoint/{endpoint}"),
    ),
    "application-autoscaling:PutScalingPolicy": tuple(
        _need(a, SCALING_ALARMS) for a in ("cloudwatch:PutMetricAlarm",
                                            "cloudwatch:DescribeAlarms",
                                            "cloudwatch:DeleteAlarms")),
    "application-autoscaling:DeregisterScalableTarget": tuple(
        _need(a, SCALING_ALARMS) for a in ("cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms")),
}


def recorded_calls() -> dict[str, list[list[str]]]:
    """{command: [[action, resource template], ...]} as stored beside this module."""
    text = resources.files("sagebridge.validate").joinpath("iam_calls.json").read_text("utf-8")
    calls: dict[str, list[list[str]]] = json.loads(text)["commands"]
    return calls


def needs(commands: tuple[str, ...] = DEPLOYER_COMMANDS) -> list[Need]:
    """The requests `commands` make, with what AWS implies for each, deduplicated."""
    stored = recorded_calls()
    seen: dict[tuple[str, str, tuple[tuple[str, str], ...]], Need] = {}
    for command in commands:
        for action, resource in stored[command]:
            implied = [Need(n.action, resource if n.resource == SAME else n.resource, n.context)
                       for n in IMPLIED.get(action, ())]
            for need in (Need(action, resource, {}), *implied):
                seen.setdefault((need.action, need.resource, tuple(sorted(need.context.items()))),
                                need)
    return list(seen.values())


def _values(names: Names, sample: Mapping[str, str]) -> dict[str, str]:
    values = {f"{{{k}}}": v.lower() for k, v in asdict(names).items()}
    bucket = (f"{names.bucket_prefix}-{sample['AWS::AccountId']}-{sample['AWS::Region']}")
    values["{bucket}"] = bucket
    return values


def instantiate(text: str, names: Names, sample: Mapping[str, str]) -> str:
    for placeholder, value in _values(names, sample).items():
        text = text.replace(placeholder, value)
    return str(substitute(text, sample))


def refused(policy: Mapping[str, Any], names: Names,
            sample: Mapping[str, str]) -> list[tuple[Need, str]]:
    """Each need of the deployer commands the (plain-form) `policy` does not allow, with why.

    `sample` gives `AWS::Partition`, `AWS::Region`, `AWS::AccountId`, `Environment` and
    `DataKey.Arn`.
    """
    document = substitute(policy, sample)
    missing = []
    for need in needs():
        request = Request(need.action, instantiate(need.resource, names, sample),
                          {k: instantiate(v, names, sample) for k, v in need.context.items()})
        decision = evaluate([document], request)
        if not decision.allowed:
            missing.append((need, f"{request.action} on {request.resource}: {decision.reason}"))
    return missing
