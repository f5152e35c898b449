"""A required pipeline parameter (QualityThreshold has no default) is never left out.

SageMaker refuses StartPipelineExecution without a value for a parameter that has no default;
`execute`, its `--dry-run` and the generated `scripts/run_pipeline.sh` refuse it first (exit 2,
one line naming it), and pass it when given. moto runs no step, so it cannot show what the
execution does with the value; it does record the parameters an execution was started with.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagebridge.aws.parameters import check_parameters
from sagebridge.errors import UserError
from sagebridge.project.parameters import read_parameters

from .conftest import Runner

SOURCE = Path("pipeline/pipeline.py")
DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Parameters": [
        {"Name": "QualityThreshold", "Type": "Float"},
        {"Name": "epochs", "Type": "Integer", "DefaultValue": 10},
        {"Name": "Mode", "Type": "String", "DefaultValue": "a"},
    ],
    "Steps": [{"Name": "Fail", "Type": "Fail", "Arguments": {"ErrorMessage": "x"}}],
}


def test_missing_required_parameter_is_refused_by_name():
    with pytest.raises(UserError) as raised:
        check_parameters(read_parameters(DEFINITION), {"epochs": "2"}, SOURCE)
    assert str(raised.value) == (
        "pipeline/pipeline.py: pipeline parameter QualityThreshold has no default: "
        "pass -p QualityThreshold=VALUE (a Float)")


@pytest.mark.parametrize(("parameters", "fragment"), [
    ({"QualityThreshold": "0.9", "nope": "1"}, "unknown pipeline parameter(s) nope;"),
    ({"QualityThreshold": "high"}, "-p QualityThreshold=high: not a valid Float"),
    ({"QualityThreshold": "0.9", "epochs": "2.5"}, "-p epochs=2.5: not a valid Integer"),
])
def test_unknown_and_mistyped_parameters_are_refused(parameters, fragment):
    with pytest.raises(UserError, match=re.escape(fragment)):
        check_parameters(read_parameters(DEFINITION), parameters, SOURCE)


def test_given_parameters_pass():
    check_parameters(read_parameters(DEFINITION), {"QualityThreshold": "0.9", "epochs": "2", "Mode": "b"}, SOURCE)


def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SAGEBRIDGE_ROLE_ARN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))


def test_dry_run_refuses_a_missing_threshold(
    sb: Runner, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The generated ec2-mnist pipeline (QualityThreshold without default), no AWS settings:
    the dry run builds the definition offline in a subprocess and checks the parameters."""
    _offline(monkeypatch, tmp_path)
    refused = sb("execute", str(project), "-p", "epochs=1", "--dry-run", "--region", "eu-west-1")
    assert refused.code == 2, refused.out + refused.err
    lines = [line for line in (refused.out + refused.err).splitlines() if line.strip()]
    assert len(lines) == 1 and "parameter QualityThreshold has no default" in lines[0], lines
    given = sb("execute", str(project), "-p", "epochs=1", "-p", "QualityThreshold=0.9",
               "--dry-run", "--region", "eu-west-1")
    assert given.code == 0, given.err
    started = [line for line in given.out.splitlines()
               if "sagemaker.start_pipeline_execution(" in line]
    assert started and "'Name': 'QualityThreshold', 'Value': '0.9'" in started[0]


def test_run_pipeline_script_refuses_a_missing_threshold(project: Path, aws_env: str) -> None:
    """The generated script is `sagebridge execute` on its project: its --dry-run builds the
    definition offline and refuses before any AWS call (the CLI tests above pass a given value)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_DEFAULT_REGION="us-east-1", PYTHON=sys.executable)
    refused = subprocess.run(
        [str(project / "scripts/run_pipeline.sh"), "--dry-run", "-p", "epochs=3"],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "parameter QualityThreshold has no default" in refused.stderr
    assert "start_pipeline_execution" not in refused.stdout
