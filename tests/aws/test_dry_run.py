"""`--dry-run` prints the calls it would make, with no credentials and no network.

Nothing here talks to moto: these tests prove the opposite, that no boto3 client is created
and no socket is opened. What a dry run can't know (does the stack exist? which version is
newest?) it shows as a first deployment with placeholders, which the output says.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from .conftest import NAMES, Runner

COMMANDS: list[tuple[list[str], list[str]]] = [
    (["deploy"], ["cloudformation.describe_stacks(", "cloudformation.create_stack("]),
    (["upload-data", "{project}", "training={data}"], ["s3.upload_file(", "data/training/a.csv"]),
    (
        ["execute", "-p", "epochs=1", "-p", "QualityThreshold=0.9"],
        ["sagemaker.create_pipeline(", "sagemaker.start_pipeline_execution("],
    ),
    (["status"], ["sagemaker.list_pipeline_executions(", "sagemaker.list_model_packages("]),
    (["approve", "--version", "3"], ["sagemaker.update_model_package(", "'Approved'"]),
    (["reject"], ["sagemaker.update_model_package(", "'Rejected'"]),
    (
        ["endpoint", "{project}", "deploy"],
        ["sagemaker.create_endpoint_config(", "DataCaptureConfig=", "put_scaling_policy("],
    ),
    (
        ["endpoint", "{project}", "update", "--version", "2", "--variant-weight", "0.1"],
        [
            "sagemaker.update_endpoint(",
            "'InitialVariantWeight': 0.1",
            "'InitialVariantWeight': 0.9",
        ],
    ),
    (["endpoint", "{project}", "delete"], ["sagemaker.delete_endpoint("]),
    (
        ["cleanup"],
        ["sagemaker.delete_pipeline(", "cloudformation.delete_stack(", "s3.delete_objects("],
    ),
]


def _argv(command: list[str], project: Path, data: Path) -> list[str]:
    words = [w.format(project=project, data=data) for w in command]
    if str(project) not in words:
        words.insert(1, str(project))
    return [*words, "--dry-run", "--region", "eu-west-1"]


@pytest.fixture()
def offline(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No AWS settings at all, no client can be created, no socket can connect."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SAGEBRIDGE_ROLE_ARN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dry run tried to open a connection or create a client")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr("botocore.session.Session.create_client", refuse)
    monkeypatch.setattr("boto3.session.Session.__init__", refuse)
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("1,2\n", encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("command", "expected"), COMMANDS, ids=[c[0][0] + "-" + c[0][-1] for c in COMMANDS]
)
def test_dry_run_prints_calls_without_aws(
    sb: Runner, project: Path, offline: Path, command: list[str], expected: list[str]
) -> None:
    """Each command under --dry-run: exit 0, the calls listed, no client, no socket."""
    result = sb(*_argv(command, project, offline))
    assert result.code == 0, result.err
    calls = [line for line in result.out.splitlines() if line.startswith("dry-run: ")]
    for fragment in expected:
        assert any(fragment in call for call in calls), fragment


def test_dry_run_deploy_in_a_clean_process(project: Path, tmp_path: Path) -> None:
    """The real entry point in a fresh interpreter with no AWS_* variables and no config files.

    HTTP(S)_PROXY points at a closed loopback port, so any attempt at the network would fail.
    """
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "missing-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "missing-credentials"),
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "COLUMNS": "240",
    }
    done = sagebridge("deploy", project, "--dry-run", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"cloudformation.create_stack(StackName='{NAMES.stack}'" in done.stdout
    assert "Capabilities=['CAPABILITY_NAMED_IAM']" in done.stdout
    assert "TemplateBody=<" in done.stdout  # the body is summarised, not dumped


def test_dry_run_cleanup_lists_by_name_without_asking(
    sb: Runner, project: Path, offline: Path
) -> None:
    """A dry-run cleanup lists the deletions by the project's names and needs no --yes."""
    result = sb("cleanup", str(project), "--dry-run")
    assert result.code == 0, result.err
    assert f"stack {NAMES.stack}" in result.out and f"pipeline {NAMES.pipeline}" in result.out
