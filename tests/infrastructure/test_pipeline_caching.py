"""Issue 12 item 13: the AWS pipeline's job steps cache (with an expiry) and retry (throttling,
service faults, SageMaker capacity errors), and caching can hit: two builds of unchanged code,
from two checkouts at two times, give the same definition, with or without tuning
(content-hashed code paths, byte-code neither hashed nor uploaded, no timestamped upload, no
randomly named repack step, no local path in the definition), and a one-line edit of a script
changes only the steps that run it."""

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


def _build_recording(project: Path, tuning: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The offline definition and the S3 URI of every object the build uploaded."""
    from sagebridge.project.definition import build_offline_definition

    uploads: list[str] = []
    definition = build_offline_definition(
        project, tuning=tuning, timeout=600, on_upload=lambda uri, _body: uploads.append(uri))
    return definition, uploads


def _byte_code(project: Path, marker: str) -> None:
    """What importing code/ leaves behind (pytest, a local run), different in each checkout."""
    (project / "code" / "__pycache__").mkdir(exist_ok=True)
    (project / "code" / "__pycache__" / "train.cpython-311.pyc").write_text(marker)
    (project / "code" / "helper.pyc").write_text(marker)


@pytest.mark.parametrize("tuning", [False, True], ids=["training", "tuning"])
def test_two_builds_of_unchanged_code_are_identical(generated, tmp_path, tuning):
    one = copy_project(generated["sklearn-digits"], tmp_path / "one")
    elsewhere = copy_project(generated["sklearn-digits"], tmp_path / "another-checkout")
    _byte_code(one, "compiled here")
    _byte_code(elsewhere, "compiled by another Python")
    first, _ = _build_recording(one, tuning)
    second, uploads = _build_recording(elsewhere, tuning)
    assert first == second  # every step, byte for byte
    text = json.dumps(second)
    assert str(tmp_path) not in text  # no local path in the definition
    names = names_of(elsewhere)
    bucket = f"s3://sagebridge-{names.project}-000000000000-us-east-1/"
    assert uploads
    for uri in [*_s3_uris(second), *uploads]:
        # Every uploaded object under the pipeline's own prefix (none at the bucket root, none
        # under a timestamped tuning-<time>/ prefix), and no byte-code uploaded.
        assert uri.startswith(f"{bucket}{names.pipeline}/"), uri
        assert "__pycache__" not in uri and not uri.endswith(".pyc"), uri


def _by_name(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["Name"]: step for step in _steps(definition["Steps"])}


@pytest.fixture(scope="module")
def unchanged(generated, tmp_path_factory) -> dict[bool, dict[str, dict[str, Any]]]:
    project = copy_project(generated["sklearn-digits"], tmp_path_factory.mktemp("unchanged") / "p")
    return {tuning: _by_name(_build_recording(project, tuning)[0]) for tuning in (False, True)}


# A one-line edit of a script -> the steps whose arguments may change (the training job packs
# inference.py into the model archive, so it is in the training code; the gate and the register
# step only reference the steps before them).
EDITS = {
    "train.py": {"Train", "Tune"},
    "evaluate.py": {"Evaluate"},
    "preprocess.py": {"Preprocess"},
    "inference.py": {"Train", "Tune"},
}


@pytest.mark.parametrize(("script", "tuning"),
                         [*((script, False) for script in sorted(EDITS)), ("train.py", True)])
def test_a_one_line_edit_changes_only_the_steps_that_use_it(
        generated, tmp_path, unchanged, script, tuning):
    project = copy_project(generated["sklearn-digits"], tmp_path / "p")
    with (project / "code" / script).open("a") as source:
        source.write("\n# an edit\n")
    before, after = unchanged[tuning], _by_name(_build_recording(project, tuning)[0])
    assert set(before) == set(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == EDITS[script] & set(before), changed


@pytest.mark.parametrize("example", ["sklearn-digits", "ec2-mnist"])
def test_job_steps_cache_and_retry(generated, example):
    steps = _steps(_build(generated[example])["Steps"])
    jobs = [s for s in steps if s["Type"] in JOB_TYPES]
    assert {s["Name"] for s in jobs} >= {"Preprocess", "Train", "Evaluate"}
    step_kinds = {"Step.SERVICE_FAULT", "Step.THROTTLING"}
    for step in jobs:
        assert step["CacheConfig"] == {"Enabled": True, "ExpireAfter": "P30D"}, step["Name"]
        kinds = {e for policy in step["RetryPolicies"] for e in policy["ExceptionType"]}
        assert kinds == step_kinds | {"SageMaker.CAPACITY_ERROR", "SageMaker.RESOURCE_LIMIT",
                                      "SageMaker.JOB_INTERNAL_ERROR"}, step["Name"]
    [register] = [s for s in steps if s["Type"] == "RegisterModel"]
    kinds = {e for policy in register["RetryPolicies"] for e in policy["ExceptionType"]}
    assert kinds == step_kinds
    assert not [s["Name"] for s in jobs if "Repack" in s["Name"]]
