"""The runner on a small hand-made definition with real tiny scripts (see tiny_pipeline.py).

Numbers: data 1..6; Preprocess keeps 1..4 for training and 5, 6 for test; Train's weight is
scale * mean(1..4) = 2.5 * scale; Evaluate's score is weight + 5 + 6.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from tiny_pipeline import TRAIN, definition, upload_code, write_numbers

from sagebridge.errors import UserError
from sagebridge.local.registry import registry_for
from sagebridge.local.run.records import StepStatus
from sagebridge.local.run.runner import (
    RunOptions,
    RunStatus,
    local_store,
    run_definition,
    summary_document,
)
from sagebridge.progress import Progress, StepState
from sagebridge.serialize import to_json


class Recorder(Progress):
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def step_output(self, step: StepState, line: str) -> None:
        self.lines.append((step.name, line))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    upload_code(local_store(folder))
    write_numbers(tmp_path / "data", [1, 2, 3, 4, 5, 6])
    return folder


def run(out: Path, **parameters: str) -> tuple:
    recorder = Recorder()
    options = RunOptions(
        out=out, parameters=parameters, data={"raw": str(out.parent / "data")}, progress=recorder
    )
    return run_definition(definition(), options), recorder


def statuses(summary) -> dict[str, StepStatus]:
    return {r.name: r.status for r in summary.steps}


def test_gate_passes_and_registers(out: Path) -> None:
    summary, recorder = run(out, Threshold="13")
    assert summary.status == RunStatus.SUCCEEDED
    assert statuses(summary) == {
        "Preprocess": "succeeded",
        "Train": "succeeded",
        "Evaluate": "succeeded",
        "Gate": "succeeded",
        "Register": "succeeded",
        "GateFailed": "not_run",
    }
    assert summary.metrics == {"train_mean": 2.5, "score": 13.5}
    assert ("Train", "epoch 2") in recorder.lines  # live lines reach the observer
    package = registry_for(out).get("tiny-models", 1)
    assert package.metrics == {"score": 13.5}
    assert str(package.approval_status) == "Approved"
    with tarfile.open(package.model_data) as tar:  # model files at the archive root
        assert tar.getnames() == ["model.json"]
        assert json.load(tar.extractfile("model.json")) == {"weight": 2.5}
    assert summary.registered_model == {
        "group": "tiny-models",
        "version": 1,
        "approval_status": "Approved",
        "model_data": str(package.model_data),
    }
    train_log = Path(next(r.log for r in summary.steps if r.name == "Train")).read_text()
    assert "train_mean=2.5;" in train_log


def test_gate_fails_with_the_measured_value_and_registers_nothing(out: Path) -> None:
    summary, _ = run(out, Threshold="100", Scale="2")
    assert summary.status == RunStatus.FAILED
    assert summary.failure == "score 16.0 is below 100.0"
    assert statuses(summary)["GateFailed"] == "failed"
    assert statuses(summary)["Register"] == "not_run"
    assert summary.registered_model is None
    assert registry_for(out).list() == []


def test_failing_script_shows_its_traceback_and_stops(out: Path) -> None:
    broken = TRAIN.replace(
        "weight = ",
        "import traceback, sys\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    open(os.environ['SM_OUTPUT_FAILURE'], 'w').write(traceback.format_exc())\n"
        "    raise\nweight = ",
    )
    upload_code(local_store(out), train_script=broken)
    summary, _ = run(out)
    assert summary.status == RunStatus.FAILED
    assert summary.failure == "Train: the training script exited with 1"
    assert "ZeroDivisionError: division by zero" in summary.failure_detail
    document = summary_document(summary)
    assert "ZeroDivisionError: division by zero" in document["failure_detail"]  # --json has it
    assert statuses(summary) == {
        "Preprocess": "succeeded",
        "Train": "failed",
        "Evaluate": "not_run",
        "Gate": "not_run",
        "Register": "not_run",
        "GateFailed": "not_run",
    }
    train_log = Path(next(r.log for r in summary.steps if r.name == "Train")).read_text()
    assert "ZeroDivisionError" in train_log
    assert registry_for(out).list() == []


def test_cache_reuses_unchanged_steps_and_reruns_from_a_changed_script(out: Path) -> None:
    first, _ = run(out)
    assert set(statuses(first).values()) <= {"succeeded", "not_run"}
    second, _ = run(out)
    assert statuses(second)["Preprocess"] == "cached"
    assert statuses(second)["Train"] == "cached"
    assert statuses(second)["Evaluate"] == "cached"
    assert statuses(second)["Register"] == "succeeded"  # registration is never cached
    assert second.metrics == first.metrics

    upload_code(local_store(out), train_script=TRAIN.replace("a.scale *", "2 * a.scale *"))
    third, _ = run(out)
    assert statuses(third)["Preprocess"] == "cached"
    assert statuses(third)["Train"] == "succeeded"
    assert statuses(third)["Evaluate"] == "succeeded"  # its input (the model) changed
    assert third.metrics == {"train_mean": 5.0, "score": 16.0}

    no_cache = RunOptions(out=out, data={"raw": str(out.parent / "data")}, use_cache=False)
    fourth = run_definition(definition(), no_cache)
    assert "cached" not in set(statuses(fourth).values())


def test_unsupported_step_type_fails_before_anything_runs(out: Path) -> None:
    document = definition()
    document["Steps"].append({"Name": "Notify", "Type": "Lambda", "Arguments": {}})
    with pytest.raises(UserError, match="Notify: type Lambda can't run locally"):
        run_definition(document, RunOptions(out=out))
    assert not (out / ".sagebridge" / "runs").exists()


def test_bad_parameters_are_user_errors(out: Path) -> None:
    with pytest.raises(UserError, match="unknown pipeline parameter"):
        run_definition(definition(), RunOptions(out=out, parameters={"Nope": "1"}))
    with pytest.raises(UserError, match="not a valid Integer"):
        run_definition(definition(), RunOptions(out=out, parameters={"epochs": "x"}))
    with pytest.raises(UserError, match="--data model"):
        run_definition(definition(), RunOptions(out=out, data={"model": "x"}))


def test_json_summary_shape(out: Path) -> None:
    summary, _ = run(out, Threshold="13")
    document = json.loads(to_json(summary_document(summary)))
    assert set(document) == {
        "schema",
        "status",
        "execution_id",
        "steps",
        "metrics",
        "registered_model",
        "failure",
        "failure_detail",
        "warnings",
    }
    assert document["schema"] == 1 and document["status"] == "succeeded"
    assert document["failure"] is None and document["failure_detail"] is None
    assert set(document["steps"][0]) == {"name", "type", "status", "duration_s", "log", "versions"}
    assert document["steps"][0]["status"] == "succeeded"
    assert set(document["registered_model"]) == {
        "group",
        "version",
        "approval_status",
        "model_data",
    }


def test_processing_path_outside_the_container_fails_up_front(out: Path) -> None:
    document = definition()
    outputs = document["Steps"][0]["Arguments"]["ProcessingOutputConfig"]["Outputs"]
    outputs[0]["S3Output"]["LocalPath"] = "/tmp/train"
    with pytest.raises(UserError, match="local path /tmp/train is not under /opt/ml/processing"):
        run_definition(document, RunOptions(out=out))
