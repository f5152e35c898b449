"""What AWS says about IAM actions, written from AWS's own sources, never from the generator's
tables, so that a wrong allow-list in the generator is caught here.

* Action names: `prefix:Name` exists when a botocore service model for that IAM prefix (its
  service name, signing name or endpoint prefix) has the operation `Name`, or when the Service
  Authorization Reference lists it as a permission-only action (no API of that name).
* `Resource: "*"`: only for actions the Service Authorization Reference lists with no resource
  type, because IAM cannot scope them to one (tests/validate/test_iam_rules.py checks this table
  against the reference data parliament ships).
* `iam:PassRole`: only to SageMaker (`iam:PassedToService`), and never on every role.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
PASS_ROLE = "iam:PassRole"

# Actions IAM checks that no API operation carries the name of ("[permission only]" in the
# Service Authorization Reference, or named after the permission, not the API call).
PERMISSION_ONLY: frozenset[str] = frozenset({
    "iam:PassRole",
    "s3:DeleteObjectVersion",
    "s3:GetObjectVersion",
    "s3:ListAllMyBuckets",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:ListBucketVersions",
    "s3:ListMultipartUploadParts",
})  # fmt: skip

# Actions with no resource type in the Service Authorization Reference: `Resource: "*"` is the
# only way to grant them.
RESOURCELESS: frozenset[str] = frozenset({
    "application-autoscaling:DescribeScalableTargets",
    "cloudformation:ListStacks",
    "cloudformation:ValidateTemplate",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "cloudwatch:PutMetricData",
    "ecr:GetAuthorizationToken",
    "kms:CreateKey",
    "kms:ListAliases",
    "kms:ListKeys",
    "logs:DescribeLogGroups",
    "s3:ListAllMyBuckets",
    "sagemaker:ListEndpointConfigs",
    "sagemaker:ListEndpoints",
    "sagemaker:ListModelPackageGroups",
    "sagemaker:ListModels",
    "sagemaker:ListPipelines",
    "sagemaker:ListProcessingJobs",
    "sagemaker:ListTrainingJobs",
    "sagemaker:Search",
    "servicequotas:ListServiceQuotas",
    "sts:GetCallerIdentity",
})  # fmt: skip


@functools.cache
def _operations(prefix: str) -> frozenset[str] | None:
    """Operation names of every botocore service model behind an IAM prefix; None if none."""
    import botocore.session

    session = botocore.session.get_session()
    found: set[str] = set()
    matched = False
    for service in session.get_available_services():
        if service != prefix and not service.startswith(f"{prefix}-"):
            continue
        model = session.get_service_model(service)
        signing = {service, model.metadata.get("signingName"), model.metadata.get("endpointPrefix")}
        if prefix in signing:
            matched = True
            found.update(model.operation_names)
    return frozenset(found) if matched else None


def unknown_action(action: str) -> str | None:
    """Why `action` is not an IAM action AWS knows, or None (also when it can't be judged:
    wildcards, or a prefix no botocore model names)."""
    prefix, _, name = action.partition(":")
    if not name or "*" in action or "?" in action:
        return None if name else f"{action!r} is not of the form service:Action"
    if action in PERMISSION_ONLY or action in RESOURCELESS:
        return None
    operations = _operations(prefix)
    if operations is None or name in operations:
        return None
    return f"unknown action {action!r}: no {prefix} operation {name} in botocore's service model"


def needs_resource(actions: list[str]) -> list[str]:
    """The actions that support resource-level permissions, so must not get `Resource: "*"`."""
    return sorted(a for a in actions if a not in RESOURCELESS)


def pass_role_problem(statement: Mapping[str, Any], resources: list[Any]) -> str | None:
    """Why an Allow of iam:PassRole is too broad, or None: it must name roles (not "*") and
    hold `iam:PassedToService` = sagemaker.amazonaws.com in a StringEquals/StringLike."""
    if "*" in resources:
        return 'iam:PassRole on Resource "*" lets the holder pass any role'
    condition = statement.get("Condition") or {}
    services: list[Any] = []
    for operator in ("StringEquals", "StringLike"):
        value = (condition.get(operator) or {}).get("iam:PassedToService")
        if value is not None:
            services += value if isinstance(value, list) else [value]
    if services != [SAGEMAKER_SERVICE]:
        return ("iam:PassRole without the condition iam:PassedToService = "
                f"{SAGEMAKER_SERVICE} lets the role be passed to any service")
    return None
