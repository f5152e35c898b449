"""Issue 12 item 12: the pipeline asks for no automatic Experiments trial.

The SDK's default `PipelineExperimentConfig` makes SageMaker create an experiment and a trial
(and associate trial components) under the execution role for every execution, which needs
sagemaker:CreateExperiment/CreateTrial/CreateTrialComponent/AssociateTrialComponent; the
generated role does not grant them, so the generated pipeline turns the config off.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.sample_plan import sample_plan
from pipeline.test_pipeline_definition import build, render


def test_definition_has_no_experiment_config(tmp_path: Path) -> None:
    project = render(sample_plan(), tmp_path / "out")
    definition = build(project)
    assert definition["PipelineExperimentConfig"] is None
    assert definition["Version"] == "2020-12-01"
