"""The resolver over definition JSON fragments as the SDK v3 writes them."""

from __future__ import annotations

from typing import Any

import pytest

from sagebridge.local.run.resolve import ResolveError, Resolver, parse_path

REPORT = {"metrics": {"test_accuracy": {"value": 0.975}}, "per_class": [{"value": 1}]}


def make_resolver() -> Resolver:
    def read(step: str, name: str) -> Any:
        assert (step, name) == ("Evaluate", "EvaluationReport")
        return REPORT

    resolver = Resolver(
        parameters={"epochs": 3, "Threshold": 0.9, "Bucket": "b"},
        execution={"PipelineExecutionId": "abc123"},
        read_property_file=read,
    )
    resolver.set_step_properties(
        "Preprocess",
        {
            "ProcessingOutputConfig": {
                "Outputs": [
                    {"OutputName": "train", "S3Output": {"S3Uri": "s3://b/run/train"}},
                    {"OutputName": "test", "S3Output": {"S3Uri": "s3://b/run/test"}},
                ]
            }
        },
    )
    resolver.set_step_properties("Train", {"ModelArtifacts": {"S3ModelArtifacts": "s3://b/m.tgz"}})
    resolver.set_step_properties(
        "Tune", {"TrainingJobSummaries": [{"TrainingJobName": "best"}, {"TrainingJobName": "2nd"}]}
    )
    resolver.set_step_properties("Evaluate", {})
    return resolver


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({"Get": "Parameters.epochs"}, 3),
        ({"Get": "Execution.PipelineExecutionId"}, "abc123"),
        ({"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, "s3://b/m.tgz"),
        (
            {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"},
            "s3://b/run/test",
        ),
        ({"Get": "Steps.Tune.TrainingJobSummaries[0].TrainingJobName"}, "best"),
        (
            {
                "Std:Join": {
                    "On": "/",
                    "Values": [
                        "s3:/",
                        {"Get": "Parameters.Bucket"},
                        "x",
                        {"Get": "Parameters.epochs"},
                    ],
                }
            },
            "s3://b/x/3",
        ),
        (
            {
                "Std:JsonGet": {
                    "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"},
                    "Path": "metrics.test_accuracy.value",
                }
            },
            0.975,
        ),
        (
            {
                "Std:JsonGet": {
                    "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"},
                    "Path": "per_class[0].value",
                }
            },
            1,
        ),
        # Nested: a Join of a JsonGet and a parameter (the Fail step's message).
        (
            {
                "Std:Join": {
                    "On": " ",
                    "Values": [
                        "accuracy",
                        {
                            "Std:JsonGet": {
                                "PropertyFile": {
                                    "Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"
                                },
                                "Path": "metrics.test_accuracy.value",
                            }
                        },
                        "<",
                        {"Get": "Parameters.Threshold"},
                    ],
                }
            },
            "accuracy 0.975 < 0.9",
        ),
        # Plain structures are walked, literals kept.
        ({"A": [{"Get": "Parameters.epochs"}, "lit", 2]}, {"A": [3, "lit", 2]}),
    ],
)
def test_resolves(expression: Any, expected: Any) -> None:
    assert make_resolver().resolve(expression) == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ({"Get": "Parameters.missing"}, "no such parameter"),
        ({"Get": "Steps.Later.ModelArtifacts.S3ModelArtifacts"}, "has not run"),
        ({"Get": "Steps.Train.ModelArtifacts.Nope"}, "no property 'Nope'"),
        ({"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['x'].S3Output"}, "named 'x'"),
        ({"Get": "Execution.PipelineExecutionArnX"}, "not supported locally"),
        ({"Get": "Other.thing"}, "unknown reference scope"),
    ],
)
def test_fails_clearly(expression: Any, message: str) -> None:
    with pytest.raises(ResolveError, match=message):
        make_resolver().resolve(expression)


def test_parse_path() -> None:
    assert parse_path("Outputs['train'].S3Output.S3Uri") == [
        "Outputs",
        "train",
        "S3Output",
        "S3Uri",
    ]
    assert parse_path('A["b"][2].C') == ["A", "b", 2, "C"]
    with pytest.raises(ResolveError):
        parse_path("A..B")
