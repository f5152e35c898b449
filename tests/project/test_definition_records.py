"""project/pipeline_definition.py: the definition pipeline.py prints, read once into records.

The definitions are real: `pipeline.py --definition [--tuning]` of the migrated ec2-mnist,
built offline by the project's one builder (moto on loopback), once for this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sagebridge.errors import UserError
from sagebridge.local.run.graph import data_parameters, execution_order
from sagebridge.local.run.runner import RunOptions, run_definition
from sagebridge.project import load_project
from sagebridge.project.conditions import (
    Comparison,
    ComparisonType,
    OtherCondition,
    parse_condition,
)
from sagebridge.project.definition import build_offline_definition
from sagebridge.project.expressions import Get, Join, JsonGet, PropertyFileRef, expression_of
from sagebridge.project.parameters import ParameterType
from sagebridge.project.pipeline_definition import (
    ConditionStep,
    DefinitionFormatError,
    FailStep,
    OtherStep,
    PipelineDefinition,
    ProcessingStep,
    PropertyFile,
    RegisterModelStep,
    TrainingStep,
    TuningStep,
    parse_definition,
)

EXAMPLE = "ec2-mnist"


@pytest.fixture(scope="module")
def documents(migrated: Callable[[str], Path]) -> dict[str, dict[str, Any]]:
    out = migrated(EXAMPLE)
    return {
        "plain": build_offline_definition(out),
        "tuning": build_offline_definition(out, tuning=True),
    }


@pytest.fixture(scope="module")
def plain(documents: dict[str, dict[str, Any]]) -> PipelineDefinition:
    return parse_definition(documents["plain"])


@pytest.fixture(scope="module")
def tuning(documents: dict[str, dict[str, Any]]) -> PipelineDefinition:
    return parse_definition(documents["tuning"])


def test_parameters_are_typed_with_their_defaults(plain: PipelineDefinition) -> None:
    parameters = plain.parameters
    assert parameters["epochs"].type is ParameterType.INTEGER
    assert parameters["QualityThreshold"].type is ParameterType.FLOAT
    assert parameters["TrainingInstanceType"].type is ParameterType.STRING
    assert parameters["TrainingInstanceType"].default.startswith("ml.")
    assert parameters["InputDataUri"].has_default


def test_the_steps_keep_their_types_and_the_definitions_order(plain: PipelineDefinition) -> None:
    kinds = [(s.name, type(s)) for s in plain.all_steps]
    assert kinds == [
        ("Preprocess", ProcessingStep),
        ("Train", TrainingStep),
        ("Evaluate", ProcessingStep),
        ("QualityGate", ConditionStep),
        ("RegisterModel", RegisterModelStep),
        ("QualityGateFailed", FailStep),
    ]
    assert [s.name for s in plain.steps] == ["Preprocess", "Train", "Evaluate", "QualityGate"]
    assert plain.owner == {"RegisterModel": "QualityGate", "QualityGateFailed": "QualityGate"}
    assert execution_order(plain) == [s.name for s in plain.all_steps]


def test_processing_step_and_its_property_file(
    plain: PipelineDefinition, documents: dict[str, dict[str, Any]]
) -> None:
    preprocess = plain.step("Preprocess")
    assert isinstance(preprocess, ProcessingStep)
    job = preprocess.job
    assert job.entrypoint == ("python3", "/opt/ml/processing/input/code/preprocess.py")
    assert isinstance(job.image, str) and "amazonaws.com/" in job.image
    [raw] = [i for i in job.inputs if i.name == "raw"]
    assert raw.s3_uri == {"Get": "Parameters.InputDataUri"} and raw.input_mode == "File"
    assert {o.name for o in job.outputs} >= {"train", "test"}
    assert all(o.is_s3 and str(o.local_path).startswith("/opt/ml/processing/") for o in job.outputs)
    assert expression_of(job.cluster.instance_type) == Get("Parameters.ProcessingInstanceType")
    # the raw arguments stay as the definition holds them, for the runner to resolve as they are
    assert preprocess.arguments == documents["plain"]["Steps"][0]["Arguments"]
    assert data_parameters(plain) == {"raw": "InputDataUri"}

    evaluate = plain.step("Evaluate")
    assert evaluate.property_files == (
        PropertyFile("EvaluationReport", "evaluation", "evaluation.json"),
    )
    assert plain.dependencies("Evaluate") == {"Preprocess", "Train"}


def test_training_step(plain: PipelineDefinition) -> None:
    train = plain.step("Train")
    assert isinstance(train, TrainingStep)
    job = train.job
    assert job.input_mode == "File" and job.algorithm_name is None
    assert {c.name for c in job.channels} >= {"training", "code", "sm_drivers"}
    [training] = [c for c in job.channels if c.name == "training"]
    assert expression_of(training.s3_uri) == Get(
        "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"
    )
    epochs = expression_of(job.hyperparameters["epochs"])
    assert isinstance(epochs, Join) and expression_of(epochs.values[0]) == Get("Parameters.epochs")
    assert job.metric_definitions and all(d.regex for d in job.metric_definitions)
    assert str(job.output_path).startswith("s3://")
    assert plain.dependencies("Train") == {"Preprocess"}


def test_tuning_step(tuning: PipelineDefinition) -> None:
    tune = tuning.step("Tune")
    assert isinstance(tune, TuningStep)
    config = tune.config
    assert config.strategy in ("Random", "Bayesian") and not tune.multi_algorithm
    assert isinstance(config.max_jobs, int) and config.max_jobs >= 1
    assert config.objective_metric == "test_accuracy" and config.maximize
    assert config.ranges and {r.kind for r in config.ranges} <= {"Continuous", "Integer"}
    assert all(r.low is not None and r.high is not None for r in config.ranges)
    assert tune.job is not None and isinstance(tune.job.image, str)
    assert "epochs" in tune.job.hyperparameters  # the static ones
    assert tuning.dependencies("Evaluate") == {"Preprocess", "Tune"}


def test_condition_step_and_its_branches(plain: PipelineDefinition) -> None:
    gate = plain.step("QualityGate")
    assert isinstance(gate, ConditionStep)
    [condition] = gate.conditions
    assert isinstance(condition, Comparison)
    assert condition.type is ComparisonType.GREATER_THAN_OR_EQUAL_TO
    left = expression_of(condition.left)
    assert isinstance(left, JsonGet)
    assert left.property_file == PropertyFileRef("Evaluate", "EvaluationReport")
    assert left.path == "metrics.test_accuracy.value"
    assert expression_of(condition.right) == Get("Parameters.QualityThreshold")
    assert [s.name for s in gate.if_steps] == ["RegisterModel"]
    assert [s.name for s in gate.else_steps] == ["QualityGateFailed"]
    # the branches' references are theirs: the gate waits for Evaluate only
    assert plain.dependencies("QualityGate") == {"Evaluate"}


def test_fail_step(plain: PipelineDefinition) -> None:
    failed = plain.step("QualityGateFailed")
    assert isinstance(failed, FailStep)
    message = expression_of(failed.error_message)
    assert isinstance(message, Join) and "is below the threshold" in message.values
    assert plain.dependencies("QualityGateFailed") == {"QualityGate", "Evaluate"}


def test_register_model_step(plain: PipelineDefinition, migrated: Callable[[str], Path]) -> None:
    register = plain.step("RegisterModel")
    assert isinstance(register, RegisterModelStep)
    package = register.package
    assert package.group == load_project(migrated(EXAMPLE)).names.model_package_group
    assert expression_of(package.approval_status) == Get("Parameters.ModelApprovalStatus")
    [container] = package.containers
    assert container.environment["SAGEMAKER_PROGRAM"] == "inference.py"
    assert expression_of(container.model_data_url) == Get(
        "Steps.Train.ModelArtifacts.S3ModelArtifacts"
    )
    assert isinstance(expression_of(package.quality_statistics_uri), Join)
    assert plain.dependencies("RegisterModel") == {"QualityGate", "Train", "Evaluate"}


def _with_transform(document: dict[str, Any]) -> dict[str, Any]:
    changed = json.loads(json.dumps(document))
    changed["Steps"].append(
        {
            "Name": "Score",
            "Type": "Transform",
            "DependsOn": ["QualityGate"],
            "Arguments": {
                "ModelName": "m",
                "TransformInput": {
                    "DataSource": {
                        "S3DataSource": {
                            "S3Uri": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
                        }
                    }
                },
            },
        }
    )
    return changed


def test_an_unknown_step_type_is_kept_whole_and_refused_by_the_local_runner(
    documents: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    document = _with_transform(documents["plain"])
    definition = parse_definition(document)
    score = definition.step("Score")
    assert type(score) is OtherStep and score.type == "Transform"
    assert score.arguments == document["Steps"][-1]["Arguments"]
    assert definition.dependencies("Score") == {"QualityGate", "Train"}
    with pytest.raises(UserError, match="step Score: type Transform can't run locally"):
        run_definition(definition, RunOptions(out=tmp_path))


def test_an_unknown_condition_type_is_kept() -> None:
    condition = parse_condition({"Type": "And", "Conditions": []})
    assert condition == OtherCondition("And", {"Type": "And", "Conditions": []})


@pytest.mark.parametrize(
    "document",
    [{"Parameters": []}, {"Steps": [{"Type": "Processing"}]}, {"Steps": [{"Name": "x"}]}],
)
def test_what_is_not_a_definition_is_refused(document: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(DefinitionFormatError):
        parse_definition(document)
    with pytest.raises(UserError, match="pipeline/pipeline.py: the pipeline definition"):
        run_definition(document, RunOptions(out=tmp_path))


def test_expressions() -> None:
    assert expression_of({"Get": "Parameters.epochs"}) == Get("Parameters.epochs")
    assert Get("Parameters.epochs").parameter == "epochs"
    reference = Get("Steps.Train.ModelArtifacts.S3ModelArtifacts")
    assert (reference.step, reference.path) == ("Train", "ModelArtifacts.S3ModelArtifacts")
    assert reference.parameter is None and Get("Execution.PipelineExecutionId").step is None
    assert expression_of({"Std:Join": {"On": "/", "Values": ["a", 1]}}) == Join("/", ("a", 1))
    json_get = expression_of({"Std:JsonGet": {"PropertyFile": "Report", "Path": "metrics.a.value"}})
    assert isinstance(json_get, JsonGet) and json_get.property_file is None
    assert expression_of({"Get": "x", "Other": 1}) is None and expression_of("text") is None
