"""Find the SageMaker execution role, in a fixed order, and say what was tried when none works.

1. --role ARN
2. $SAGEBRIDGE_ROLE_ARN
3. the stack's `ExecutionRoleArn` output
4. the SageMaker SDK's execution-role lookup (only when the `sagemaker` package is installed;
   it answers inside SageMaker notebooks and Studio, where the caller *is* the role)
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass

from sagebridge.aws.project import ROLE_OUTPUT, Project
from sagebridge.aws.session import Clients
from sagebridge.aws.stack import describe_stack, stack_outputs
from sagebridge.errors import UserError
from sagebridge.model import StrEnum

ROLE_ENV = "SAGEBRIDGE_ROLE_ARN"
DRY_RUN_ROLE = "<execution role, resolved when run for real>"


class RoleSource(StrEnum):
    OPTION = "--role"
    ENVIRONMENT = ROLE_ENV
    STACK_OUTPUT = "stack output"
    SDK = "sagemaker SDK"
    DRY_RUN = "dry run"


@dataclass(frozen=True)
class ResolvedRole:
    arn: str
    source: RoleSource


def _sdk_lookup(clients: Clients) -> str | None:
    """The SDK's own lookup, on our boto3 session; it raises outside SageMaker-managed hosts."""
    if importlib.util.find_spec("sagemaker") is None:
        return None
    from sagemaker.core.helper.session_helper import Session, get_execution_role

    return str(get_execution_role(Session(boto_session=clients.boto_session)))


def resolve_role(
    project: Project,
    clients: Clients,
    *,
    option: str | None,
    sdk_lookup: Callable[[Clients], str | None] = _sdk_lookup,
) -> ResolvedRole:
    if option:
        return ResolvedRole(option, RoleSource.OPTION)
    from_env = os.environ.get(ROLE_ENV, "").strip()
    if from_env:
        return ResolvedRole(from_env, RoleSource.ENVIRONMENT)
    if clients.dry_run:
        # A dry run can't read the stack or ask the SDK; the calls are still shown.
        return ResolvedRole(DRY_RUN_ROLE, RoleSource.DRY_RUN)
    stack_name = project.names.stack
    tried: list[str] = ["--role: not given", f"${ROLE_ENV}: not set"]
    stack = describe_stack(clients, stack_name)
    arn = stack_outputs(stack).get(ROLE_OUTPUT)
    if arn:
        return ResolvedRole(arn, RoleSource.STACK_OUTPUT)
    tried.append(
        f"stack {stack_name}: "
        + ("not deployed" if stack is None else f"no {ROLE_OUTPUT} output")
        + f" in {clients.region}"
    )
    if clients.endpoint_url:
        # The SDK asks the public STS endpoint whatever --endpoint-url says: never follow it
        # out of a private endpoint (or out of a test's moto server).
        tried.append(
            f"sagemaker SDK get_execution_role(): skipped, it ignores --endpoint-url "
            f"{clients.endpoint_url}"
        )
        raise _none_found(project, tried)
    try:
        found = sdk_lookup(clients)
    except Exception as error:  # noqa: BLE001 - the SDK raises ValueError, botocore errors...
        tried.append(f"sagemaker SDK get_execution_role(): {_first_line(error)}")
    else:
        if found:
            return ResolvedRole(found, RoleSource.SDK)
        tried.append("sagemaker SDK get_execution_role(): the sagemaker package is not installed")
    raise _none_found(project, tried)


def _none_found(project: Project, tried: list[str]) -> UserError:
    return UserError(
        "no SageMaker execution role found; tried, in order: "
        + "; ".join(tried)
        + f". Deploy the stack (`sagebridge deploy {project.root}`), or pass --role ARN"
    )


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
