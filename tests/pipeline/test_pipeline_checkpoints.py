"""Issue 12 item 14: tuning trials do not share one checkpoint prefix.

A tuning job launches every trial from one training job definition and no pipeline variable
names a trial's job, so a CheckpointConfig there would be one S3 prefix for all trials (each
restoring the others' checkpoints). The single training job keeps its per-execution folder.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.sample_plan import sample_plan
from pipeline.test_pipeline_definition import build, render, steps

from sagebridge.plan.layout import LAYOUT


def test_tuning_trials_get_no_shared_checkpoint_prefix(tmp_path: Path) -> None:
    project = render(sample_plan(), tmp_path / "out")
    single = steps(build(project))[LAYOUT.train_step]
    uri = single["Arguments"]["CheckpointConfig"]["S3Uri"]
    assert {"Get": "Execution.PipelineExecutionId"} in uri["Std:Join"]["Values"]
    tuned = [s for s in steps(build(project, "--tuning")).values() if s["Type"] == "Tuning"]
    assert len(tuned) == 1
    definition = tuned[0]["Arguments"]["TrainingJobDefinition"]
    assert "CheckpointConfig" not in definition
    assert definition["StaticHyperParameters"]  # the definition is the real one, not empty
