"""Faults moto can't produce by itself, injected by a loopback proxy in front of it.

moto never throttles, never rolls a stack back and never answers "No updates are to be
performed": the proxy (tests/aws/moto_proxy.py) answers those the way AWS documents them and
forwards everything else to moto, so the commands' real boto3 clients meet them over HTTP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.retries.standard import ExponentialBackoff

from .conftest import NAMES, Runner
from .moto_proxy import LoopbackProxy, Request, Response


@pytest.fixture()
def proxy(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    proxies: list[LoopbackProxy] = []

    def start(**options: Any) -> LoopbackProxy:
        running = LoopbackProxy(upstream=aws_env, **options).start()
        proxies.append(running)
        monkeypatch.setenv("AWS_ENDPOINT_URL", running.url)
        return running

    yield start
    for running in proxies:
        running.stop()


def test_throttled_calls_succeed_after_retries(
    sb: Runner, boto: Callable[[str], Any], project: Path, proxy: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every operation's first 2 calls are throttled; deploy and upload-data still succeed.

    Covers the three error shapes (query `Throttling`, JSON `ThrottlingException`, S3 `SlowDown`
    503). moto can't show AWS's real throttling rates or the retry quota running dry.
    """
    throttling = proxy(throttle_first=2)
    # botocore's own backoff decides each wait (about 0.5 s then 1 s for a throttle, jittered:
    # ~20 s of sleeping over this test); record what it asks for and wait 0 instead. The waits
    # are botocore's, not sagebridge's: what is under test is that the calls are retried.
    delays = _backoff_recorded(monkeypatch)
    deployed = sb("deploy", str(project))
    assert deployed.code == 0, deployed.err
    data = tmp_path / "data"
    data.mkdir()
    (data / "part-0.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    uploaded = sb("upload-data", str(project), f"training={data}")
    assert uploaded.code == 0, uploaded.err
    executed = sb(
        "execute", str(project), "--role", "arn:aws:iam::123456789012:role/given",
        "-p", "QualityThreshold=0.9",
    )
    assert executed.code == 0, executed.err
    # Each operation was refused twice and then answered.
    for operation in ("CreateStack", "DescribeStacks", "s3.PUT", "SageMaker.CreatePipeline"):
        assert throttling.throttled[operation] == 2
        assert throttling.seen[operation] >= 3
    stack = boto("cloudformation").describe_stacks(StackName=NAMES.stack)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    bucket = "sagebridge-ec2-mnist-123456789012-us-east-1"
    body = boto("s3").get_object(Bucket=bucket, Key=f"{NAMES.pipeline}/data/training/part-0.csv")["Body"].read()
    assert body == b"x,y\n1,2\n"
    assert boto("sagemaker").describe_pipeline(PipelineName=NAMES.pipeline)["PipelineName"]
    # The retries were throttling backoffs (botocore scales those by 1 s, not 0.05 s).
    assert len(delays) >= 2 * 4 and all(0 <= d <= 20 for d in delays)
    assert max(delays) > 0.05


def _backoff_recorded(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every backoff botocore's standard retry mode computes, in order; the sleep made 0."""
    asked: list[float] = []
    computed = ExponentialBackoff.delay_amount

    def delay_amount(self: ExponentialBackoff, context: Any) -> float:
        asked.append(computed(self, context))
        return 0.0

    monkeypatch.setattr(ExponentialBackoff, "delay_amount", delay_amount)
    return asked


def _rolled_back(request: Request, answer: Response | None) -> Response | None:
    """Rewrite moto's stack description and events into a failed first creation."""
    if answer is None:
        return None
    text = answer.body.decode()
    if request.operation == "DescribeStacks":
        text = re.sub(
            r"<StackStatus>\w+</StackStatus>", "<StackStatus>ROLLBACK_COMPLETE</StackStatus>", text
        )
    elif request.operation == "DescribeStackEvents":
        failed = (
            "<member><EventId>injected-failure</EventId><StackName>sagebridge-ec2-mnist</StackName>"
            "<LogicalResourceId>DataBucket</LogicalResourceId><ResourceType>AWS::S3::Bucket"
            "</ResourceType><Timestamp>2026-01-01T00:00:00Z</Timestamp><ResourceStatus>"
            "CREATE_FAILED</ResourceStatus><ResourceStatusReason>Bucket name should not contain "
            "uppercase characters</ResourceStatusReason></member>"
        )
        text = text.replace("<StackEvents>", "<StackEvents>" + failed, 1)
    else:
        return None
    return Response(answer.status, answer.headers, text.encode())


def test_rolled_back_stack_names_the_resource_and_exits_1(
    sb: Runner, project: Path, proxy: Any
) -> None:
    """A stack that ends ROLLBACK_COMPLETE: exit 1, the failed resource and reason printed.

    moto can't roll a stack back (it validates nothing and every create succeeds), so the proxy
    rewrites DescribeStacks/DescribeStackEvents into the shape CloudFormation gives a failed
    first creation.
    """
    proxy(after=_rolled_back)
    result = sb("deploy", str(project))
    assert result.code == 1
    assert f"stack {NAMES.stack} ended in ROLLBACK_COMPLETE" in result.err
    assert (
        "DataBucket (AWS::S3::Bucket) CREATE_FAILED: Bucket name should not contain uppercase"
        in result.err
    )
    again = sb("deploy", str(project))  # a rolled-back first creation can't be updated
    assert again.code == 2 and "ROLLBACK_COMPLETE" in again.err and "cleanup" in again.err


def _no_updates(request: Request, answer: Response | None) -> Response | None:
    if request.operation != "UpdateStack":
        return None
    body = (
        "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
        "<Message>No updates are to be performed.</Message></Error>"
        "<RequestId>no-updates</RequestId></ErrorResponse>"
    )
    return Response(400, {"Content-Type": "text/xml"}, body.encode())


def test_second_deploy_without_changes_says_so(
    sb: Runner, boto: Callable[[str], Any], project: Path, proxy: Any
) -> None:
    """Idempotent deploy: CloudFormation's "No updates are to be performed." -> exit 0.

    moto updates a stack whatever the template (no change detection), so the proxy gives
    UpdateStack CloudFormation's documented answer for an unchanged template.
    """
    assert sb("deploy", str(project)).code == 0
    proxy(before=_no_updates)
    again = sb("deploy", str(project))
    assert again.code == 0, again.err
    assert f"stack {NAMES.stack}: no changes (CREATE_COMPLETE)" in again.out
    assert "BucketName = sagebridge-ec2-mnist-123456789012-us-east-1" in again.out


def test_missing_role_names_all_four_sources(sb: Runner, project: Path, aws_env: str) -> None:
    """No --role, no $SAGEBRIDGE_ROLE_ARN, no stack, SDK lookup skipped: one four-way message.

    The SDK's lookup is skipped under an endpoint override (it would ask the public STS), so the
    message says why; moto can't show what the SDK finds inside SageMaker Studio.
    """
    result = sb("execute", str(project))
    assert result.code == 2
    message = result.err
    for source in ("--role", "$SAGEBRIDGE_ROLE_ARN", f"stack {NAMES.stack}", "sagemaker SDK"):
        assert source in message
    assert "not deployed" in message and "ignores --endpoint-url" in message


def test_role_comes_from_the_environment_before_the_stack(
    sb: Runner, boto: Callable[[str], Any], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$SAGEBRIDGE_ROLE_ARN wins over the stack's output (moto does not check the role)."""
    assert sb("deploy", str(project)).code == 0
    monkeypatch.setenv("SAGEBRIDGE_ROLE_ARN", "arn:aws:iam::123456789012:role/from-env")
    result = sb("execute", str(project), "-p", "QualityThreshold=0.9")
    assert result.code == 0, result.err
    assert "from SAGEBRIDGE_ROLE_ARN" in result.out
    pipeline = boto("sagemaker").describe_pipeline(PipelineName=NAMES.pipeline)
    assert pipeline["RoleArn"] == "arn:aws:iam::123456789012:role/from-env"


def test_unknown_pipeline_parameter_is_refused_before_anything_starts(
    sb: Runner, boto: Callable[[str], Any], project: Path
) -> None:
    """-p with a name the definition doesn't declare: exit 2, no pipeline created."""
    assert sb("deploy", str(project)).code == 0
    result = sb("execute", str(project), "-p", "epoch=3")
    assert result.code == 2
    assert "unknown pipeline parameter(s) epoch;" in result.err and "epochs" in result.err
    assert boto("sagemaker").list_pipelines()["PipelineSummaries"] == []


STEPS_FAILED = {  # ListPipelineExecutionSteps' documented answer shape
    "PipelineExecutionSteps": [
        {"StepName": "Preprocess", "StepStatus": "Succeeded"},
        {
            "StepName": "Train",
            "StepStatus": "Failed",
            "FailureReason": "AlgorithmError: ExecuteUserScriptError: CUDA out of memory",
        },
    ]
}


def _failed_execution(request: Request, answer: Response | None) -> Response | None:
    if request.operation == "SageMaker.ListPipelineExecutionSteps" and answer is None:
        return Response(
            200, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(STEPS_FAILED).encode()
        )
    if request.operation == "SageMaker.DescribePipelineExecution" and answer is not None:
        execution = json.loads(answer.body)
        execution["PipelineExecutionStatus"] = "Failed"
        execution["FailureReason"] = "Step failure: One or multiple steps failed."
        return Response(answer.status, answer.headers, json.dumps(execution).encode())
    return None


def test_failed_execution_shows_step_states_and_exits_1(
    sb: Runner, project: Path, proxy: Any
) -> None:
    """--wait follows an execution that fails: each step's state, the failing step's reason.

    moto runs no pipeline (executions are Succeeded at once) and has no ListPipelineExecutionSteps,
    so the proxy answers those two calls in the API's documented shape.
    """
    assert sb("deploy", str(project)).code == 0
    proxy(before=_failed_execution, after=_failed_execution)
    result = sb("execute", str(project), "--wait", "-p", "QualityThreshold=0.9")
    assert result.code == 1
    assert "Preprocess: Succeeded" in result.out and "Train: Failed (AlgorithmError" in result.out
    assert (
        "ended Failed: Train: AlgorithmError: ExecuteUserScriptError: CUDA out of memory"
        in result.err
    )
