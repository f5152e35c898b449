"""`sagebridge status OUT`: the latest pipeline executions, the registered model versions, the
endpoint's status and the state of the project's CloudWatch alarms (the stack's alarms are
named after the pipeline and the endpoint, both `<project>-...`)."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.aws.project import Project
from sagebridge.aws.registry import PackageVersion, list_versions
from sagebridge.aws.session import Clients, error_code
from sagebridge.model import Names

EXECUTIONS_SHOWN = 5


@dataclass(frozen=True)
class ExecutionSummary:
    arn: str
    status: str
    started: str
    failure_reason: str


@dataclass(frozen=True)
class AlarmState:
    name: str
    state: str  # OK | ALARM | INSUFFICIENT_DATA
    reason: str


@dataclass(frozen=True)
class StatusReport:
    region: str
    pipeline: str
    model_package_group: str
    executions: tuple[ExecutionSummary, ...]
    versions: tuple[PackageVersion, ...]
    endpoint: str = ""
    endpoint_status: str = ""  # "" when the endpoint does not exist
    alarms: tuple[AlarmState, ...] = ()


def status(project: Project, clients: Clients, *, limit: int = EXECUTIONS_SHOWN) -> StatusReport:
    from botocore.exceptions import ClientError

    names = project.names
    try:
        answer = clients.get("sagemaker").list_pipeline_executions(
            PipelineName=names.pipeline,
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=limit,
        )
    except ClientError as error:
        if error_code(error) not in {"ResourceNotFound", "ValidationException"}:
            raise
        answer = {}
    executions = tuple(
        ExecutionSummary(
            arn=str(e.get("PipelineExecutionArn", "")),
            status=str(e.get("PipelineExecutionStatus", "")),
            started=str(e.get("StartTime", "")),
            failure_reason=_reason(e.get("PipelineExecutionFailureReason")),
        )
        for e in answer.get("PipelineExecutionSummaries") or []
    )
    versions = tuple(list_versions(clients, names.model_package_group, with_metrics=True))
    return StatusReport(
        clients.region, names.pipeline, names.model_package_group, executions, versions,
        names.endpoint, _endpoint_status(clients, names.endpoint), _alarms(clients, names),
    )  # fmt: skip


def _endpoint_status(clients: Clients, endpoint: str) -> str:
    from botocore.exceptions import ClientError

    try:
        answer = clients.get("sagemaker").describe_endpoint(EndpointName=endpoint)
    except ClientError as error:
        if error_code(error) not in {"ValidationException", "ResourceNotFound"}:
            raise
        return ""
    return str(answer.get("EndpointStatus", ""))


def alarm_prefix(project: str) -> str:
    """Every alarm the stack makes starts with the project's name and a hyphen."""
    return f"{project}-"


def _alarms(clients: Clients, names: Names) -> tuple[AlarmState, ...]:
    """The stack's alarms: `<pipeline>-...` and `<endpoint>-...`, not another environment's
    (`<project>-prd-...` shares dev's `<project>-` prefix)."""
    pages = clients.get("cloudwatch").get_paginator("describe_alarms").paginate(
        AlarmNamePrefix=alarm_prefix(names.project), AlarmTypes=["MetricAlarm"]
    )
    own = (f"{names.pipeline}-", f"{names.endpoint}-")
    return tuple(
        AlarmState(str(a.get("AlarmName", "")), str(a.get("StateValue", "")),
                   str(a.get("StateReason") or ""))
        for page in pages
        for a in page.get("MetricAlarms") or []
        if str(a.get("AlarmName", "")).startswith(own)
    )  # fmt: skip


def _reason(value: object) -> str:
    # moto reports the string "None" when an execution has no failure reason
    return "" if value in (None, "None") else str(value)
