"""`execute --wait` reports an AWS execution's steps through the progress interface the local
runner uses (step_started / step_finished with a StepState), not as free text of its own.

moto runs no pipeline (an execution is Succeeded at once) and has no ListPipelineExecutionSteps,
so the answers SageMaker gives while an execution runs are fed through botocore's own Stubber
on a real client (no network; an unexpected call fails the test).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from rich.console import Console

from sagebridge.aws.execute import StepState as AwsStep
from sagebridge.aws.execute import _follow
from sagebridge.aws.session import Backoff
from sagebridge.cli.render_progress import RichProgress
from sagebridge.local.run.execution import Execution, RunOptions
from sagebridge.local.run.records import StepRecord, StepStatus
from sagebridge.local.run.runner import local_store
from sagebridge.progress import Progress, StepState
from sagebridge.project.pipeline_definition import parse_definition

ARN = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc"
STARTED = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
REASON = "AlgorithmError: ExecuteUserScriptError: CUDA out of memory"


class Recorder(Progress):
    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []

    def _record(self, event: str, step: StepState) -> None:
        self.events.append(
            (event, step.name, step.type, step.status, step.failure_reason, step.duration_s)
        )

    def step_started(self, step: StepState) -> None:
        self._record("started", step)

    def step_finished(self, step: StepState) -> None:
        self._record("finished", step)


class StubbedClients:
    def __init__(self) -> None:
        session = boto3.Session(
            aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1"
        )
        self.sagemaker = session.client("sagemaker")
        self.stub = Stubber(self.sagemaker)
        self.stub.activate()

    def get(self, name: str, **_: Any) -> Any:
        assert name == "sagemaker"
        return self.sagemaker


@pytest.fixture
def clients() -> Iterator[StubbedClients]:
    made = StubbedClients()
    yield made
    made.stub.assert_no_pending_responses()


def _poll(clients: StubbedClients, status: str, steps: list[dict[str, Any]]) -> None:
    clients.stub.add_response(
        "describe_pipeline_execution",
        {"PipelineExecutionArn": ARN, "PipelineExecutionStatus": status},
        {"PipelineExecutionArn": ARN},
    )
    clients.stub.add_response(
        "list_pipeline_execution_steps",
        {"PipelineExecutionSteps": steps},
        {"PipelineExecutionArn": ARN, "SortOrder": "Ascending"},
    )


def test_aws_steps_are_reported_as_local_steps_are(clients: StubbedClients) -> None:
    preprocess = {
        "StepName": "Preprocess",
        "StepStatus": "Succeeded",
        "StartTime": STARTED,
        "EndTime": STARTED + timedelta(seconds=90),
    }
    _poll(clients, "Executing", [preprocess, {"StepName": "Train", "StepStatus": "Executing"}])
    failed = {"StepName": "Train", "StepStatus": "Failed", "FailureReason": REASON}
    _poll(clients, "Failed", [preprocess, failed])
    recorder = Recorder()
    backoff = Backoff(initial_s=0.0, factor=1.0, max_s=0.0, timeout_s=60.0)
    types = {"Preprocess": "Processing", "Train": "Training"}

    final, steps, note = _follow(clients, recorder, ARN, backoff, types)  # type: ignore[arg-type]

    assert final["PipelineExecutionStatus"] == "Failed" and note == ""
    assert recorder.events == [
        ("finished", "Preprocess", "Processing", "Succeeded", "", 90.0),
        ("started", "Train", "Training", "Executing", "", None),
        ("finished", "Train", "Training", "Failed", REASON, None),
    ]
    assert [s.status for s in steps] == ["Succeeded", "Failed"]


def test_one_line_per_step_state_for_local_and_aws_alike(tmp_path: Path) -> None:
    """The terminal's progress prints a failed step the same way whichever runner reports it;
    the local record carries its failure reason as the AWS one does."""
    definition = parse_definition(
        {"Steps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "no luck"}}]}
    )
    execution = Execution.start(
        local_store(tmp_path), definition, ("Stop",), {}, RunOptions(out=tmp_path)
    )
    execution.run("Stop")
    local = execution.records["Stop"]
    assert (local.status, local.failure_reason) == (StepStatus.FAILED, "no luck")

    stream = io.StringIO()
    progress = RichProgress(Console(file=stream, width=200))
    progress.step_finished(local)
    progress.step_finished(AwsStep("Train", "Failed", REASON, type="Training"))
    progress.step_started(StepRecord("Train", "Training", StepStatus.RUNNING))
    assert stream.getvalue().splitlines() == [
        "  Stop: failed (no luck)",
        f"  Train: Failed ({REASON})",
        "  Train: running",
    ]
