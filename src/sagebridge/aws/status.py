"""`sagebridge status OUT`: the latest pipeline executions and the registered model versions."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.aws.project import Project
from sagebridge.aws.registry import PackageVersion, list_versions
from sagebridge.aws.session import Clients, error_code

EXECUTIONS_SHOWN = 5


@dataclass(frozen=True)
class ExecutionSummary:
    arn: str
    status: str
    started: str
    failure_reason: str


@dataclass(frozen=True)
class StatusReport:
    region: str
    pipeline: str
    model_package_group: str
    executions: tuple[ExecutionSummary, ...]
    versions: tuple[PackageVersion, ...]


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
        clients.region, names.pipeline, names.model_package_group, executions, versions
    )


def _reason(value: object) -> str:
    # moto reports the string "None" when an execution has no failure reason
    return "" if value in (None, "None") else str(value)
