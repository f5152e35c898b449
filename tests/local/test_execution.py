"""local/run/execution: one execution of a definition, run one step at a time (issue 10: an
execution object instead of run_definition's 125-line loop). Fail steps run in this process:
no scripts, no subprocesses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sagebridge.local.run.execution import Execution, RunOptions
from sagebridge.local.run.records import RunStatus, StepStatus
from sagebridge.local.run.runner import local_store
from sagebridge.project.pipeline_definition import parse_definition

DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "PipelineName": "demo-pipeline",
    "Parameters": [{"Name": "Why", "Type": "String", "DefaultValue": "a test"}],
    "Steps": [
        {
            "Name": "Stop",
            "Type": "Fail",
            "Arguments": {
                "ErrorMessage": {
                    "Std:Join": {"On": " ", "Values": ["stopped by", {"Get": "Parameters.Why"}]}
                }
            },
        },
        {
            "Name": "After",
            "Type": "Fail",
            "DependsOn": ["Stop"],
            "Arguments": {"ErrorMessage": "never reached"},
        },
    ],
}


def _execution(out: Path) -> Execution:
    options = RunOptions(out=out)
    return Execution.start(
        local_store(out), parse_definition(DEFINITION), ("Stop", "After"), {"Why": "a test"}, options
    )


def test_each_step_runs_when_asked_and_records_what_happened(tmp_path: Path) -> None:
    execution = _execution(tmp_path)
    assert [r.status for r in execution.records.values()] == [StepStatus.PENDING] * 2
    assert execution.run_dir.is_dir() and execution.run_dir.name == execution.execution_id

    execution.run("Stop")
    stop = execution.records["Stop"]
    assert stop.status is StepStatus.FAILED
    assert execution.failure == ("stopped by a test", "")
    assert stop.log == str(execution.run_dir / "Stop.log") and Path(stop.log).is_file()
    assert stop.duration_s is not None

    execution.run("After")  # after a failure nothing more runs
    after = execution.records["After"]
    assert after.status is StepStatus.NOT_RUN and after.log is None

    summary = execution.summary()
    assert summary.status is RunStatus.FAILED
    assert summary.failure == "stopped by a test"
    assert [s.name for s in summary.steps] == ["Stop", "After"]
    assert summary.execution_id == execution.execution_id


def test_the_execution_variables_name_this_run(tmp_path: Path) -> None:
    execution = _execution(tmp_path)
    arn = execution.resolver.resolve({"Get": "Execution.PipelineExecutionArn"})
    assert arn.endswith(f"/execution/{execution.execution_id}")
    assert execution.resolver.resolve({"Get": "Execution.PipelineName"}) == "demo-pipeline"
