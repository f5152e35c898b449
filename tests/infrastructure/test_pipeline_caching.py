"""Issue 12 item 13: the AWS pipeline's job steps cache (with an expiry) and retry (throttling,
service faults, SageMaker capacity errors), and caching can hit: two builds of unchanged code,
from two checkouts at two times, give the same definition (content-hashed code paths, no
timestamped upload, no randomly named repack step, no local path in the definition)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from infrastructure.projects import copy_project, names_of

JOB_TYPES = {"Training", "Processing", "Tuning"}


def _build(project: Path, *args: str) -> dict[str, Any]:
    from sagebridge.project.definition import loopback_moto, offline_env

    with loopback_moto() as endpoint:
        done = subprocess.run(
            [sys.executable, "pipeline/pipeline.py", "--definition", *args],
            cwd=project, env=offline_env(endpoint), capture_output=True, text=True,
            timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    definition: dict[str, Any] = json.loads(done.stdout)
    return definition


def _steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for step in steps:
        found.append(step)
        if step["Type"] == "Condition":
            found += _steps(step["Arguments"]["IfSteps"]) + _steps(step["Arguments"]["ElseSteps"])
    return found


def _s3_uris(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in _s3_uris(v)]
    if isinstance(value, list):
        return [u for v in value for u in _s3_uris(v)]
    return [value] if isinstance(value, str) and value.startswith("s3://") else []


def test_two_builds_of_unchanged_code_are_identical(generated, tmp_path):
    # (Not yet for --tuning: the tuner uploads its sourcedir.tar.gz under tuning-<time>/.)
    first = _build(copy_project(generated["sklearn-digits"], tmp_path / "one"))
    elsewhere = copy_project(generated["sklearn-digits"], tmp_path / "another-checkout")
    second = _build(elsewhere)
    assert first == second
    text = json.dumps(second)
    assert str(tmp_path) not in text  # no local path in the definition
    names = names_of(elsewhere)
    bucket = f"s3://sagebridge-{names.project}-000000000000-us-east-1/"
    for uri in _s3_uris(second):
        # Every uploaded object under the pipeline's own prefix (none at the bucket root).
        assert uri.startswith(f"{bucket}{names.pipeline}/"), uri


def test_changed_training_code_changes_only_its_code_path(generated, tmp_path):
    project = copy_project(generated["sklearn-digits"], tmp_path / "p")
    before = _build(project)
    with (project / "code" / "train.py").open("a") as script:
        script.write("\n# an edit\n")
    after = _build(project)

    def train_code(definition: dict[str, Any]) -> str:
        [train] = [s for s in definition["Steps"] if s["Name"] == "Train"]
        [code] = [c for c in train["Arguments"]["InputDataConfig"] if c["ChannelName"] == "code"]
        return str(code["DataSource"]["S3DataSource"]["S3Uri"])

    assert train_code(before) != train_code(after)
    unchanged = [s["Name"] for s in before["Steps"] if s["Name"] in ("Preprocess", "Evaluate")]
    for name in unchanged:  # their scripts did not change: still cache hits
        assert [s for s in before["Steps"] if s["Name"] == name] == [
            s for s in after["Steps"] if s["Name"] == name]


@pytest.mark.parametrize("example", ["sklearn-digits", "ec2-mnist"])
def test_job_steps_cache_and_retry(generated, example):
    steps = _steps(_build(generated[example])["Steps"])
    jobs = [s for s in steps if s["Type"] in JOB_TYPES]
    assert {s["Name"] for s in jobs} >= {"Preprocess", "Train", "Evaluate"}
    step_kinds = {"Step.SERVICE_FAULT", "Step.THROTTLING"}
    for step in jobs:
        assert step["CacheConfig"] == {"Enabled": True, "ExpireAfter": "P30D"}, step["Name"]
        kinds = {e for policy in step["RetryPolicies"] for e in policy["ExceptionType"]}
        if "Repack" in step["Name"]:  # the SDK gives it the register step's policies
            assert kinds == step_kinds
            continue
        assert kinds == step_kinds | {"SageMaker.CAPACITY_ERROR", "SageMaker.RESOURCE_LIMIT",
                                      "SageMaker.JOB_INTERNAL_ERROR"}, step["Name"]
    [register] = [s for s in steps if s["Type"] == "RegisterModel"]
    kinds = {e for policy in register["RetryPolicies"] for e in policy["ExceptionType"]}
    assert kinds == step_kinds
    repack = [s["Name"] for s in jobs if "Repack" in s["Name"]]
    assert repack in ([], ["RegisterModel-RepackModel-model"])
