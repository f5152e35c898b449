"""sagebridge.project, the one reader of a generated project: load_project's refusals and the
evaluation report reader that the local runner, the local registry and `aws models` share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagebridge.errors import UserError
from sagebridge.local.run.steps import StepFailed
from sagebridge.local.run.steps.register import report_metrics
from sagebridge.project import ApprovalStatus, load_project
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics

NAMES = {"project": "p", "stack": "s", "pipeline": "pl", "model_package_group": "g",
         "endpoint": "e", "role": "r", "bucket_prefix": "b", "base_job": "j"}


def test_load_project_reads_the_names_and_the_layout(tmp_path: Path) -> None:
    (tmp_path / "metadata.json").write_text(json.dumps({"names": NAMES, "framework": "x"}))
    project = load_project(tmp_path)
    assert project.names.endpoint == "e" and project.metadata["framework"] == "x"
    assert project.pipeline_file == tmp_path / "pipeline" / "pipeline.py"
    assert project.template == tmp_path / "infrastructure" / "cloudformation" / "main.yaml"


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (None, r"metadata.json: not found; run `sagebridge migrate .* not a sagebridge project"),
        ("{", "unreadable or without the project's names"),
        ('{"names": {"project": "x"}}', "without the project's names"),
        ('["names"]', "without the project's names"),
    ],
)
def test_load_project_refuses_what_is_not_a_project(
    tmp_path: Path, metadata: str | None, message: str
) -> None:
    if metadata is not None:
        (tmp_path / "metadata.json").write_text(metadata)
    with pytest.raises(UserError, match=message):
        load_project(tmp_path)
    with pytest.raises(UserError, match="no such folder"):
        load_project(tmp_path / "absent")


def test_evaluation_metrics_in_the_reports_order() -> None:
    report = {"metrics": {"test_accuracy": {"value": 0.98}, "loss": {"value": "0.5"}}}
    assert list(evaluation_metrics(report).items()) == [("test_accuracy", 0.98), ("loss", 0.5)]


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ({}, "no 'metrics' object"),
        ([], "no 'metrics' object"),
        ({"metrics": {"a": {"v": 1}}}, "metric 'a' has no numeric 'value'"),
        ({"metrics": {"a": {"value": True}}}, "metric 'a' has no numeric 'value'"),
        ({"metrics": {"a": {"value": "high"}}}, "'high' is not a number"),
    ],
)
def test_what_is_not_an_evaluation_report(report: object, message: str) -> None:
    with pytest.raises(EvaluationReportError, match=message):
        evaluation_metrics(report)
    with pytest.raises(StepFailed, match=message):  # a RegisterModel step fails with the reason
        report_metrics(report)


def test_one_approval_enum_in_the_order_messages_list() -> None:
    assert [str(s) for s in ApprovalStatus] == ["Approved", "PendingManualApproval", "Rejected"]
    from sagebridge.local.registry import ApprovalStatus as local_status

    assert local_status is ApprovalStatus
