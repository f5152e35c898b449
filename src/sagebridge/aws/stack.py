"""Reading a CloudFormation stack: does it exist, its status, outputs and failure events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sagebridge.aws.session import Clients, error_code

# Statuses a stack can rest in; anything else is still in progress.
FAILED_STATUSES = frozenset(
    {
        "CREATE_FAILED",
        "ROLLBACK_COMPLETE",
        "ROLLBACK_FAILED",
        "DELETE_FAILED",
        "UPDATE_ROLLBACK_COMPLETE",
        "UPDATE_ROLLBACK_FAILED",
        "UPDATE_FAILED",
        "IMPORT_ROLLBACK_COMPLETE",
        "IMPORT_ROLLBACK_FAILED",
    }
)
SUCCEEDED_STATUSES = frozenset(
    {"CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE"}
)


def is_settled(status: str) -> bool:
    return status in FAILED_STATUSES or status in SUCCEEDED_STATUSES


@dataclass(frozen=True)
class StackEvent:
    resource: str
    resource_type: str
    status: str
    reason: str


def describe_stack(clients: Clients, stack_name: str) -> dict[str, Any] | None:
    """The stack's description, or None when it does not exist (or a dry run)."""
    from botocore.exceptions import ClientError

    try:
        answer = clients.get("cloudformation").describe_stacks(StackName=stack_name)
    except ClientError as error:
        if error_code(error) == "ValidationError" and "does not exist" in str(error):
            return None
        raise
    stacks = answer.get("Stacks") or []
    live = [s for s in stacks if s.get("StackStatus") != "DELETE_COMPLETE"]
    return live[0] if live else None


def stack_outputs(stack: dict[str, Any] | None) -> dict[str, str]:
    if not stack:
        return {}
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


def failure_events(
    clients: Clients, stack_name: str, since_event_id: str | None
) -> list[StackEvent]:
    """The resources that failed in the latest operation, oldest first, with their reasons."""
    events: list[dict[str, Any]] = []
    for page in (
        clients.get("cloudformation")
        .get_paginator("describe_stack_events")
        .paginate(StackName=stack_name)
    ):
        for event in page.get("StackEvents") or []:
            if since_event_id is not None and event.get("EventId") == since_event_id:
                return _failures(events)
            events.append(event)
    return _failures(events)


def _failures(events: list[dict[str, Any]]) -> list[StackEvent]:
    failed = [
        StackEvent(
            resource=e.get("LogicalResourceId", "?"),
            resource_type=e.get("ResourceType", "?"),
            status=e.get("ResourceStatus", "?"),
            reason=e.get("ResourceStatusReason") or "",
        )
        for e in events
        if str(e.get("ResourceStatus", "")).endswith("FAILED")
    ]
    failed.reverse()  # describe_stack_events answers newest first
    return failed


def latest_event_id(clients: Clients, stack_name: str) -> str | None:
    answer = clients.get("cloudformation").describe_stack_events(StackName=stack_name)
    events = answer.get("StackEvents") or []
    return str(events[0]["EventId"]) if events else None
