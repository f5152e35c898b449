"""SageMaker's model package approval statuses (`ModelApprovalStatus`), for the local registry
and the AWS commands alike."""

from __future__ import annotations

from sagebridge.model import StrEnum


class ApprovalStatus(StrEnum):
    """A str: compares equal to "Approved" etc. Listed in the order error messages show."""

    APPROVED = "Approved"
    PENDING = "PendingManualApproval"
    REJECTED = "Rejected"
