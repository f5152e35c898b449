"""The model package group of a project: versions, approval status and evaluation metrics.

Metrics are read from where the pipeline's registration put them: the model quality statistics
(`ModelMetrics.ModelQuality.Statistics.S3Uri`), the evaluation report
`{"metrics": {"<name>": {"value": ...}}}` written by the Evaluate step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sagebridge.aws.session import Clients, error_code
from sagebridge.errors import UserError
from sagebridge.project.approval import ApprovalStatus
from sagebridge.project.evaluation import evaluation_metrics


@dataclass(frozen=True)
class PackageVersion:
    version: int
    arn: str
    approval_status: str
    created: str
    metrics: dict[str, float]
    metrics_note: str = ""  # why metrics are missing, when they are


def list_versions(clients: Clients, group: str, *, with_metrics: bool) -> list[PackageVersion]:
    """Every version of `group`, newest first; [] when the group does not exist yet."""
    from botocore.exceptions import ClientError

    sagemaker = clients.get("sagemaker")
    summaries: list[dict[str, Any]] = []
    try:
        for page in sagemaker.get_paginator("list_model_packages").paginate(
            ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Descending"
        ):
            summaries.extend(page.get("ModelPackageSummaryList") or [])
    except ClientError as error:
        if error_code(error) in {"ResourceNotFound", "ValidationException"}:
            return []
        raise
    versions = []
    for summary in summaries:
        metrics: dict[str, float] = {}
        note = ""
        if with_metrics:
            metrics, note = _metrics(clients, summary["ModelPackageArn"])
        versions.append(
            PackageVersion(
                version=int(summary.get("ModelPackageVersion", 0)),
                arn=str(summary["ModelPackageArn"]),
                approval_status=str(summary.get("ModelApprovalStatus", "")),
                created=str(summary.get("CreationTime", "")),
                metrics=metrics,
                metrics_note=note,
            )
        )
    return sorted(versions, key=lambda v: v.version, reverse=True)


def pick_version(
    clients: Clients, group: str, version: int | None, *, status: ApprovalStatus | None = None
) -> PackageVersion:
    """Version `version`, else the newest one (with `status`, when given)."""
    versions = list_versions(clients, group, with_metrics=False)
    if clients.dry_run:
        label = f"version {version}" if version is not None else f"latest {status or ''}".strip()
        return PackageVersion(version or 0, f"<ARN of {group} {label}>", "", "", {})
    if not versions:
        raise UserError(
            f"model package group {group} has no versions in {clients.region}; "
            "run the pipeline first (`sagebridge execute OUT --wait`)"
        )
    if version is not None:
        for candidate in versions:
            if candidate.version == version:
                if status is not None and candidate.approval_status != status:
                    raise UserError(
                        f"{group} version {version} is {candidate.approval_status}, not {status}; "
                        f"`sagebridge approve OUT --version {version}` first"
                    )
                return candidate
        known = ", ".join(str(v.version) for v in versions)
        raise UserError(f"{group} has no version {version}; it has {known}")
    for candidate in versions:
        if status is None or candidate.approval_status == status:
            return candidate
    raise UserError(f"{group} has no {status} version; approve one with `sagebridge approve OUT`")


def _metrics(clients: Clients, arn: str) -> tuple[dict[str, float], str]:
    from botocore.exceptions import ClientError

    described = clients.get("sagemaker").describe_model_package(ModelPackageName=arn)
    uri = (
        ((described.get("ModelMetrics") or {}).get("ModelQuality") or {}).get("Statistics") or {}
    ).get("S3Uri")
    if not uri:
        return {}, "no model quality statistics registered"
    bucket, _, key = str(uri).removeprefix("s3://").partition("/")
    try:
        body = clients.get("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as error:
        return {}, f"{uri}: {error_code(error)}"
    try:
        return dict(sorted(evaluation_metrics(json.loads(body)).items())), ""
    except ValueError as error:  # not JSON, or not an evaluation report (EvaluationReportError)
        return {}, f"{uri}: not an evaluation report ({error})"
