"""`sagebridge approve OUT` / `reject OUT`: set a model package version's approval status.

set_approval(clients, "ec2-mnist", None, ApprovalStatus.APPROVED, "approved with sagebridge")
# the newest version of ec2-mnist is now Approved; `endpoint deploy` can serve it
"""

from __future__ import annotations

from sagebridge.aws.registry import PackageVersion, pick_version
from sagebridge.aws.session import Clients
from sagebridge.project.approval import ApprovalStatus


def set_approval(
    clients: Clients, group: str, version: int | None, status: ApprovalStatus, description: str
) -> PackageVersion:
    package = pick_version(clients, group, version)
    clients.get("sagemaker").update_model_package(
        ModelPackageArn=package.arn,
        ModelApprovalStatus=str(status),
        ApprovalDescription=description,
    )
    return PackageVersion(package.version, package.arn, str(status), package.created, {})
