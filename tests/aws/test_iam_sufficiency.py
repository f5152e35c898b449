"""Issue 12 item 10: the calls the CLI really makes, recorded on moto, are the stored list
`sagebridge.validate.iam_calls` checks the generated deployer policy against.

Regenerate the stored list after a command changes its calls with
`SAGEBRIDGE_REGEN_GOLDEN=1 pytest tests/aws/test_iam_sufficiency.py`.

moto can't show: calls AWS authorizes implicitly (those are `iam_calls.IMPLIED`, from the
services' IAM documentation); calls moto does not implement still appear (their request was
sent), but the calls a command would make after one of them succeeded do not (UpdateEndpoint's
follow-up waits, DeleteModelPackage's retries).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from sagebridge.validate import iam_calls

from .calls_recording import record_flow, requests_of, stored_form
from .conftest import NAMES, Runner

STORED = Path(iam_calls.__file__).with_name("iam_calls.json")
BUCKET = "sagebridge-ec2-mnist-123456789012-us-east-1"


def test_stored_calls_are_what_the_cli_really_calls(
    sb: Runner, boto: Callable[[str], Any], project: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_flow(sb, boto, project, tmp_path, monkeypatch)
    recorded = stored_form(calls, asdict(NAMES), BUCKET)
    if os.environ.get("SAGEBRIDGE_REGEN_GOLDEN"):
        STORED.write_text(json.dumps({"commands": recorded}, indent=1) + "\n", encoding="utf-8")
    assert recorded == iam_calls.recorded_calls()
    # Every command the flow ran is assigned to a principal (deployer policy or administrator).
    assert set(recorded) == set(iam_calls.DEPLOYER_COMMANDS) | set(iam_calls.ADMIN_COMMANDS)
    # The calls named in issue 12 item 10 are among them.
    deployer = {action for c in iam_calls.DEPLOYER_COMMANDS for action, _ in recorded[c]}
    assert {"kms:ListAliases", "sagemaker:ListModelPackages",
            "application-autoscaling:RegisterScalableTarget",
            "application-autoscaling:PutScalingPolicy"} <= deployer


def test_recorded_operations_map_to_their_iam_actions() -> None:
    """The mapping's special cases (S3's object and bucket actions, resources from parameters)."""
    def call(service: str, operation: str, **params: Any) -> dict[str, Any]:
        return {"service": service, "operation": operation, "params": params}

    assert requests_of(call("s3", "HeadObject", Bucket="b", Key="k/x")) == [
        ("s3:GetObject", "arn:aws:s3:::b/k/x")]
    assert requests_of(call("s3", "ListObjectsV2", Bucket="b")) == [
        ("s3:ListBucket", "arn:aws:s3:::b")]
    assert requests_of(call("s3", "UploadPart", Bucket="b", Key="k")) == [
        ("s3:PutObject", "arn:aws:s3:::b/k")]
    assert requests_of(call("s3", "DeleteObjects", Bucket="b", Delete={"Objects": [
        {"Key": "a"}, {"Key": "c", "VersionId": "1"}]})) == [
        ("s3:DeleteObject", "arn:aws:s3:::b/a"), ("s3:DeleteObjectVersion", "arn:aws:s3:::b/c")]
    assert requests_of(call("sts", "GetCallerIdentity")) == []
    assert requests_of(call("sagemaker", "CreateEndpoint", EndpointName="E",
                            EndpointConfigName="c")) == [
        ("sagemaker:CreateEndpoint", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e")]
    assert requests_of(call("sagemaker", "ListModels")) == [("sagemaker:ListModels", "*")]
    assert requests_of(call("sagemaker-runtime", "InvokeEndpoint", EndpointName="e"))[0][0] == (
        "sagemaker:InvokeEndpoint")
