"""`sagebridge deploy OUT`: create or update the project's CloudFormation stack and wait for it.

deploy(project, clients, progress)                 # first time: create_stack, then wait
deploy(project, clients, progress)                 # no change: "no updates", exit 0
deploy(project, clients, progress, settings=StackSettings("prod", "ops@example.com"))
# a rollback raises ChecksFailed naming each failed resource and CloudFormation's reason

The template's parameters `Environment` and `AlarmEmail` are passed on every create and update
(CloudFormation resets a parameter left out of an update to its default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sagebridge import contract
from sagebridge.aws.environments import check_environment, environment_template, for_environment
from sagebridge.aws.project import Project
from sagebridge.aws.session import Backoff, Clients, error_code, poll_until
from sagebridge.aws.stack import (
    FAILED_STATUSES,
    describe_stack,
    failure_events,
    is_settled,
    latest_event_id,
    stack_outputs,
)
from sagebridge.errors import ChecksFailed, UserError
from sagebridge.model import StrEnum
from sagebridge.progress import Progress

CAPABILITIES = ["CAPABILITY_NAMED_IAM"]
# CloudFormation's limit for an inline TemplateBody; larger templates must go through S3.
TEMPLATE_BODY_LIMIT = 51_200
NO_UPDATES = "No updates are to be performed"
STACK_BACKOFF = Backoff(initial_s=3.0, factor=1.5, max_s=20.0, timeout_s=3600.0)


class DeployAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PLANNED = "planned"  # dry run


@dataclass(frozen=True)
class StackSettings:
    """The template's parameters a user chooses: the deployment stage and the alarm e-mail."""

    environment: str = contract.DEFAULT_ENVIRONMENT
    alarm_email: str = ""

    def parameters(self) -> list[dict[str, str]]:
        check_environment(self.environment)
        if self.alarm_email and "@" not in self.alarm_email:
            raise UserError(f"--alarm-email {self.alarm_email}: not an e-mail address")
        return [{"ParameterKey": "Environment", "ParameterValue": self.environment},
                {"ParameterKey": "AlarmEmail", "ParameterValue": self.alarm_email}]


@dataclass(frozen=True)
class DeployResult:
    stack_name: str
    action: DeployAction
    status: str
    outputs: dict[str, str] = field(default_factory=dict)


def deploy(
    project: Project,
    clients: Clients,
    progress: Progress,
    *,
    stack_name: str | None = None,
    settings: StackSettings = StackSettings(),
    backoff: Backoff = STACK_BACKOFF,
) -> DeployResult:
    parameters = settings.parameters()
    if project.environment != settings.environment:  # the names follow the stack's environment
        project = for_environment(project, settings.environment)
    name = stack_name or project.names.stack
    body = _template_body(project)
    cfn = clients.get("cloudformation")
    arguments: dict[str, Any] = {
        "StackName": name,
        "TemplateBody": body,
        "Parameters": parameters,
        "Capabilities": CAPABILITIES,
        "Tags": [{"Key": "sagebridge:project", "Value": project.names.project}],
    }
    existing = describe_stack(clients, name)
    if existing is None:
        cfn.create_stack(**arguments)
        action, since = DeployAction.CREATED, None
    else:
        status = str(existing.get("StackStatus", ""))
        if status == "ROLLBACK_COMPLETE":
            raise UserError(
                f"stack {name} is ROLLBACK_COMPLETE after a failed first deployment and can't be "
                f"updated; delete it (`sagebridge cleanup {project.root}`) and deploy again"
            )
        if not is_settled(status):
            raise UserError(f"stack {name} is busy ({status}); wait for it and deploy again")
        _same_environment(existing, settings.environment)
        since = latest_event_id(clients, name)
        try:
            cfn.update_stack(**arguments)
        except Exception as error:
            if error_code(error) == "ValidationError" and NO_UPDATES in str(error):
                return DeployResult(name, DeployAction.UNCHANGED, status, stack_outputs(existing))
            raise
        action = DeployAction.UPDATED
    if clients.dry_run:
        return DeployResult(name, DeployAction.PLANNED, "", {})
    final = _wait(clients, name, progress, backoff)
    status = str(final.get("StackStatus", ""))
    if status in FAILED_STATUSES or not status.endswith("_COMPLETE"):
        raise ChecksFailed(_failure_message(name, status, failure_events(clients, name, since)))
    return DeployResult(name, action, status, stack_outputs(final))


def _same_environment(stack: dict[str, Any], wanted: str) -> None:
    """An existing stack keeps its environment: another one gets its own stack and names."""
    current = next((str(p.get("ParameterValue")) for p in stack.get("Parameters") or []
                    if p.get("ParameterKey") == "Environment"), contract.DEFAULT_ENVIRONMENT)
    if current != wanted:
        raise UserError(
            f"stack {stack.get('StackName')} is the {current} environment: `--environment "
            f"{wanted}` would turn it into {wanted}; pass --environment {current}, or deploy "
            f"{wanted} without --stack-name (its stack has its own name)"
        )


def _template_body(project: Project) -> str:
    path = project.template
    body = environment_template(project, project.environment)
    size = len(body.encode("utf-8"))
    if size > TEMPLATE_BODY_LIMIT:
        raise UserError(
            f"{path}: {size} bytes, over CloudFormation's {TEMPLATE_BODY_LIMIT}-byte inline limit"
        )
    return body


def _wait(clients: Clients, name: str, progress: Progress, backoff: Backoff) -> dict[str, Any]:
    seen: set[str] = set()
    cfn = clients.get("cloudformation")

    def describe() -> dict[str, Any]:
        return describe_stack(clients, name) or {"StackStatus": "DELETE_COMPLETE"}

    def show(stack: dict[str, Any]) -> None:
        events = cfn.describe_stack_events(StackName=name).get("StackEvents") or []
        for event in reversed(events):
            if event["EventId"] in seen:
                continue
            seen.add(event["EventId"])
            reason = event.get("ResourceStatusReason") or ""
            progress.message(
                f"  {event.get('ResourceStatus', '?'):<22} {event.get('ResourceType', '?'):<34} "
                f"{event.get('LogicalResourceId', '?')}" + (f"  ({reason})" if reason else "")
            )

    done: Callable[[dict[str, Any]], bool] = lambda s: is_settled(str(s.get("StackStatus")))
    return poll_until(describe, done, what=f"stack {name}", backoff=backoff, on_poll=show)


def _failure_message(name: str, status: str, events: list[Any]) -> str:
    lines = [f"stack {name} ended in {status}"]
    for event in events:
        reason = event.reason or "no reason given"
        lines.append(f"  {event.resource} ({event.resource_type}) {event.status}: {reason}")
    if not events:
        lines.append("  CloudFormation reported no failed resource; see the stack's events")
    return "\n".join(lines)
