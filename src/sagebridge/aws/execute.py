"""`sagebridge execute OUT`: upsert the SageMaker pipeline and start (and follow) an execution.

    execute(project, clients, progress, parameters={"Epochs": "2"}, role_option=None, wait=True)
    # pipeline ec2-mnist-pipeline updated with role arn:aws:iam::...:role/ec2-mnist-sagemaker
    # execution .../execution/abc123: Executing -> Succeeded

The definition is built from the generated `pipeline/pipeline.py` (the single source of truth),
with the execution role and the stack's bucket; parameters are checked against its declared
parameters (unknown, required without a value, wrongly typed: aws/parameters.py) before
anything is started; `--dry-run` builds the definition offline to check them too.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sagebridge.aws.definition import (
    Variant,
    deployable_definition,
    read_definition,
    script_definition,
)
from sagebridge.aws.parameters import check_parameters
from sagebridge.aws.project import Project
from sagebridge.aws.role import resolve_role
from sagebridge.aws.session import Backoff, Clients, error_code, poll_until
from sagebridge.aws.upload import data_bucket
from sagebridge.errors import ChecksFailed
from sagebridge.progress import Progress

DEFAULT_VARIANT = Variant()
FINAL_STATUSES = frozenset({"Succeeded", "Failed", "Stopped"})
EXECUTION_BACKOFF = Backoff(initial_s=10.0, factor=1.5, max_s=60.0, timeout_s=6 * 3600.0)
# Step listing only feeds the progress display: a few attempts, so a missing API is quick to
# report (moto 5.2 answers it with HTTP 500).
STEP_LIST_ATTEMPTS = 2


@dataclass(frozen=True)
class StepState:
    """A pipeline step of the execution, as ListPipelineExecutionSteps reports it (and as the
    progress interface shows a step, local or AWS: sagebridge.progress.StepState)."""

    name: str
    status: str
    failure_reason: str = ""
    type: str = ""  # the definition's step type ("" when the definition does not name it)
    duration_s: float | None = None  # once it has ended
    epochs_total: int | None = None  # not known on AWS


@dataclass(frozen=True)
class ExecuteResult:
    pipeline: str
    pipeline_action: str  # "created" | "updated" | "planned"
    role_arn: str
    role_source: str
    execution_arn: str
    status: str  # the last status seen ("" when not followed)
    failure_reason: str = ""
    steps: tuple[StepState, ...] = ()
    notes: tuple[str, ...] = field(default=())


def execute(
    project: Project,
    clients: Clients,
    progress: Progress,
    *,
    parameters: dict[str, str],
    role_option: str | None,
    wait: bool,
    variant: Variant = DEFAULT_VARIANT,
    bucket_option: str | None = None,
    backoff: Backoff = EXECUTION_BACKOFF,
) -> ExecuteResult:
    name = project.names.pipeline
    role = resolve_role(project, clients, option=role_option)
    bucket = bucket_option or data_bucket(project, clients)
    notes: list[str] = []
    step_types: dict[str, str] = {}
    if clients.dry_run:
        # Built offline (no AWS at all) so that the parameters are checked as a real run would.
        offline = read_definition(script_definition(project, variant), project.pipeline_file)
        parameters = check_parameters(offline.parameters, parameters, project.pipeline_file)
        notes.append(f"would build the definition from {project.pipeline_file} "
                     "with the stack's role and bucket (built offline: parameters checked)")
        definition = "<definition built from pipeline/pipeline.py>"
    else:
        definition = deployable_definition(
            project,
            role_arn=role.arn,
            bucket=bucket,
            region=clients.region,
            endpoint_url=clients.endpoint_url,
            profile=clients.options.profile,
            variant=variant,
        )
        built = read_definition(json.loads(definition), project.pipeline_file)
        parameters = check_parameters(built.parameters, parameters, project.pipeline_file)
        step_types = {step.name: step.type for step in built.all_steps}
    sagemaker = clients.get("sagemaker")
    exists = _pipeline_exists(sagemaker, name)
    upsert = {"PipelineName": name, "PipelineDefinition": definition, "RoleArn": role.arn}
    if exists:
        sagemaker.update_pipeline(**upsert)
        action = "updated"
    else:
        sagemaker.create_pipeline(
            **upsert,
            PipelineDescription=f"sagebridge pipeline for {project.names.project}",
            Tags=[{"Key": "sagebridge:project", "Value": project.names.project}],
            ClientRequestToken=str(uuid.uuid4()),
        )
        action = "created"
    if clients.dry_run:
        action = "planned"
    progress.message(f"pipeline {name} {action} with role {role.arn} (from {role.source})")
    started = sagemaker.start_pipeline_execution(
        PipelineName=name,
        PipelineParameters=[{"Name": k, "Value": v} for k, v in sorted(parameters.items())],
        ClientRequestToken=str(uuid.uuid4()),
    )
    arn = str(started.get("PipelineExecutionArn", "<execution ARN>"))
    progress.message(f"execution {arn} started")
    if not wait or clients.dry_run:
        return ExecuteResult(name, action, role.arn, role.source, arn, "", notes=tuple(notes))
    final, steps, step_note = _follow(clients, progress, arn, backoff, step_types)
    if step_note:
        notes.append(step_note)
    result = ExecuteResult(
        name,
        action,
        role.arn,
        role.source,
        arn,
        str(final.get("PipelineExecutionStatus", "")),
        str(final.get("FailureReason") or ""),
        steps,
        tuple(notes),
    )
    if result.status != "Succeeded":
        failed = [f"{s.name}: {s.failure_reason}" for s in steps if s.failure_reason]
        detail = "; ".join(failed) or result.failure_reason or "no reason given"
        raise ChecksFailed(f"execution {arn} ended {result.status}: {detail}")
    return result


def _pipeline_exists(sagemaker: Any, name: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        answer = sagemaker.describe_pipeline(PipelineName=name)
    except ClientError as error:
        if error_code(error) in {"ResourceNotFound", "ValidationException"}:
            return False
        raise
    return bool(answer)


def _follow(
    clients: Clients, progress: Progress, arn: str, backoff: Backoff, types: Mapping[str, str]
) -> tuple[dict[str, Any], tuple[StepState, ...], str]:
    """Poll the execution to its end; each step's status change goes to `progress` as the
    local runner's do (step_started while it runs, step_finished when it has ended)."""
    sagemaker = clients.get("sagemaker")
    step_client = clients.get("sagemaker", max_attempts=STEP_LIST_ATTEMPTS)
    shown: dict[str, str] = {}
    steps: list[tuple[StepState, ...]] = [()]
    unavailable: list[str] = []

    def describe() -> dict[str, Any]:
        answer: dict[str, Any] = sagemaker.describe_pipeline_execution(PipelineExecutionArn=arn)
        return answer

    def show(execution: dict[str, Any]) -> None:
        status = str(execution.get("PipelineExecutionStatus", "?"))
        if shown.get("") != status:
            shown[""] = status
            progress.message(f"  execution: {status}")
        if unavailable:
            return
        try:
            steps[0] = _list_steps(step_client, arn, types)
        except Exception as error:
            if not error_code(error):
                raise
            unavailable.append(
                f"step states can't be shown: ListPipelineExecutionSteps failed "
                f"({error_code(error)}); see the execution in SageMaker Studio"
            )
            return
        for step in steps[0]:
            if shown.get(step.name) != step.status:
                shown[step.name] = step.status
                if step.status in FINAL_STATUSES:
                    progress.step_finished(step)
                else:
                    progress.step_started(step)

    done: Callable[[dict[str, Any]], bool] = lambda e: (
        str(e.get("PipelineExecutionStatus")) in FINAL_STATUSES
    )
    final = poll_until(describe, done, what=f"execution {arn}", backoff=backoff, on_poll=show)
    return final, steps[0], (unavailable[0] if unavailable else "")


def _list_steps(sagemaker: Any, arn: str, types: Mapping[str, str]) -> tuple[StepState, ...]:
    states: list[StepState] = []
    for page in sagemaker.get_paginator("list_pipeline_execution_steps").paginate(
        PipelineExecutionArn=arn, SortOrder="Ascending"
    ):
        for step in page.get("PipelineExecutionSteps") or []:
            name = str(step.get("StepName", "?"))
            started, ended = step.get("StartTime"), step.get("EndTime")
            states.append(
                StepState(
                    name=name,
                    status=str(step.get("StepStatus", "?")),
                    failure_reason=str(step.get("FailureReason") or ""),
                    type=types.get(name, ""),
                    duration_s=(
                        round((ended - started).total_seconds(), 3)
                        if isinstance(started, datetime) and isinstance(ended, datetime)
                        else None
                    ),
                )
            )
    return tuple(states)
