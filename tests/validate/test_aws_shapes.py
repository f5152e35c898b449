"""The aws-shapes check: step arguments against botocore's SageMaker input shapes.

The three examples pass it (test_examples.py); here, definitions AWS would refuse fail it: the
generated pipeline as the old template wrote it (Integer/Float parameters straight into
HyperParameters), and small hand-written definitions for the typing rules.
"""

from __future__ import annotations

from typing import Any

from infrastructure.projects import replace_in

from sagebridge.project.pipeline_definition import parse_definition
from sagebridge.validate import aws_shapes, pipeline, validate_project
from sagebridge.validate.report import CheckStatus


def _definition(hyperparameters: dict[str, Any], *, extra_steps: list[Any] | None = None,
                parameters: list[Any] | None = None) -> dict[str, Any]:
    train = {
        "Name": "Train", "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
            "HyperParameters": hyperparameters,
            "OutputDataConfig": {"S3OutputPath": "s3://b/p"},
            "ResourceConfig": {"InstanceCount": {"Get": "Parameters.Count"},
                               "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30},
            "RoleArn": "arn:aws:iam::123456789012:role/r",
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
    }
    return {
        "Parameters": parameters if parameters is not None else [
            {"Name": "Count", "Type": "Integer", "DefaultValue": 1},
            {"Name": "Epochs", "Type": "Integer", "DefaultValue": 10},
            {"Name": "Rate", "Type": "Float"},
            {"Name": "Mode", "Type": "String", "DefaultValue": "fast"},
        ],
        "Steps": [train, *(extra_steps or [])],
    }


def _messages(definition: dict[str, Any]) -> list[str]:
    records = parse_definition(definition)
    return [finding.message for finding in aws_shapes.definition_findings(records)]


def test_string_typed_variables_pass():
    joined = {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Epochs"}]}}
    assert _messages(_definition({"epochs": joined, "mode": {"Get": "Parameters.Mode"},
                                  "run": {"Get": "Execution.PipelineExecutionId"}})) == []


def test_integer_and_float_parameters_in_hyperparameters_fail():
    messages = _messages(_definition({"epochs": {"Get": "Parameters.Epochs"},
                                      "rate": {"Get": "Parameters.Rate"}}))
    assert len(messages) == 2
    assert all(m.startswith("step Train -> CreateTrainingJob: Invalid type for parameter "
                            "HyperParameters.") for m in messages)
    assert "HyperParameters.epochs, value: 10," in messages[0]
    assert "HyperParameters.rate, value: 0.5," in messages[1]


def test_a_string_parameter_where_an_integer_is_required_fails():
    definition = _definition({}, parameters=[{"Name": "Count", "Type": "String"}])
    assert _messages(definition) == [
        ("step Train -> CreateTrainingJob: Invalid type for parameter ResourceConfig.InstanceCount,"
        " value: x, type: <class 'str'>, valid types: <class 'int'>")]


def test_step_properties_take_the_type_of_the_describe_output():
    """A training job's final metric is a float (DescribeTrainingJob): not a model URL."""
    register = {
        "Name": "Gate", "Type": "Condition",
        "Arguments": {"Conditions": [], "ElseSteps": [], "IfSteps": [{
            "Name": "Register", "Type": "RegisterModel",
            "Arguments": {"ModelPackageGroupName": "g", "InferenceSpecification": {
                "Containers": [{"Image": "img", "ModelDataUrl": {
                    "Get": "Steps.Train.FinalMetricDataList['acc'].Value"}}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["application/json"]}}}]},
    }
    messages = _messages(_definition({}, extra_steps=[register]))
    assert messages == [
        ("step Register -> CreateModelPackage: Invalid type for parameter "
        "InferenceSpecification.Containers[0].ModelDataUrl, value: 0.5, type: <class 'float'>, "
        "valid types: <class 'str'>")]
    register["Arguments"]["IfSteps"][0]["Arguments"]["InferenceSpecification"]["Containers"][0][
        "ModelDataUrl"] = {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
    assert _messages(_definition({}, extra_steps=[register])) == []


def test_an_undeclared_parameter_is_reported():
    assert _messages(_definition({"x": {"Get": "Parameters.Nope"}})) == [
        "the definition reads Parameters.Nope (no such parameter)"]


def test_the_old_templates_hyperparameters_fail_the_check(project_copy):
    """The generated pipeline.py with its `.to_string()` calls removed (the old template)."""
    project = project_copy("sklearn-digits")
    source = project / "pipeline" / "pipeline.py"
    count = source.read_text().count(".to_string(),")
    assert count == 10  # 8 hyperparameters, and Preprocess's --test-size/--random-state values
    replace_in(source, ".to_string(),", ",", count=count)
    report = validate_project(project, checks=(pipeline.build_definition, aws_shapes.check))
    shapes = report.checks[1]
    assert shapes.status is CheckStatus.FAILED
    train = [f.message for f in shapes.findings if f.message.startswith("step Train ")]
    # Six int/float hyperparameters; the two bool flags are String parameters and pass.
    assert len(train) == 6, shapes.findings
    assert all("HyperParameters." in m and "valid types: <class 'str'>" in m for m in train)
