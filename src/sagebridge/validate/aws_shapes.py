"""Each pipeline step's `Arguments` against botocore's input shape of the API the step calls.

CreatePipeline checks a step's arguments against the SageMaker API it will call, with pipeline
variables typed by what they evaluate to: a `ParameterInteger` put where the API wants a string
(CreateTrainingJob's `HyperParameters` is a map of strings) is rejected there, before anything
runs. Our local runner is lenient about it; this check is not. Before validating, every
pipeline variable is replaced by a value of its declared type:

    {"Get": "Parameters.Epochs"}   (Integer, default 10)                       -> 10
    {"Std:Join": {...}}                                                         -> "x"
    {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}  (DescribeTrainingJob's type) -> "x"
    {"Get": "Execution.PipelineExecutionId"}                                    -> "x"

The job's name (TrainingJobName, ...) is not in a step's arguments: the service adds it, so the
check adds a sample one too. botocore's validator checks structure, types, required members and
minimum lengths, not patterns or enums.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sagebridge.project.expressions import PARAMETERS, STEPS, Get, Join, JsonGet, expression_of
from sagebridge.project.pipeline_definition import PipelineDefinition
from sagebridge.validate.project import PIPELINE_SOURCE, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped

SHAPES = "aws-shapes"

# Step type -> (the API it calls, the member the service fills in, the API that describes it).
STEP_APIS: dict[str, tuple[str, str | None, str]] = {
    "Training": ("CreateTrainingJob", "TrainingJobName", "DescribeTrainingJob"),
    "Processing": ("CreateProcessingJob", "ProcessingJobName", "DescribeProcessingJob"),
    "Tuning": ("CreateHyperParameterTuningJob", "HyperParameterTuningJobName",
               "DescribeHyperParameterTuningJob"),
    "Transform": ("CreateTransformJob", "TransformJobName", "DescribeTransformJob"),
    "RegisterModel": ("CreateModelPackage", None, "DescribeModelPackage"),
    "Model": ("CreateModel", "ModelName", "DescribeModel"),
}
# Steps that call no SageMaker API of their own (a Condition's branches are checked in turn).
NO_API = frozenset({"Condition", "Fail"})

SAMPLE_STRING = "x"
SAMPLES: dict[str, Any] = {"String": SAMPLE_STRING, "Integer": 1, "Float": 0.5, "Boolean": True}
_SHAPE_SAMPLES: dict[str, Any] = {"string": SAMPLE_STRING, "integer": 1, "long": 1,
                                  "float": 0.5, "double": 0.5, "boolean": True,
                                  "timestamp": SAMPLE_STRING}
_PATH_TOKEN = re.compile(r"([A-Za-z0-9_]+)|\[([^\]]*)\]")


class _Context:
    """What a pipeline variable in one definition evaluates to, by its declared type."""

    def __init__(self, definition: PipelineDefinition, service: Any) -> None:
        self.service = service
        self.parameters: dict[str, Any] = {}
        for parameter in definition.parameters.values():
            sample = SAMPLES.get(parameter.type, SAMPLE_STRING)
            default = parameter.default
            # bool is an int in Python: an Integer parameter's default must really be one.
            typed = default is not None and type(default) is type(sample)
            self.parameters[parameter.name] = default if typed else sample
        self.step_types = {step.name: step.type for step in definition.all_steps}
        self.unknown: list[str] = []

    def value(self, node: Any) -> Any:
        """`node` with every pipeline variable replaced by a sample of its type."""
        expression = expression_of(node)
        if isinstance(expression, Get) and isinstance(expression.reference, str):
            return self._get(expression)
        if isinstance(expression, Join | JsonGet):
            # Join always yields a string; a JsonGet's type is only known at run time.
            return SAMPLE_STRING
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if isinstance(node, Mapping):
            return {key: self.value(item) for key, item in node.items()}
        return node

    def _get(self, reference: Get) -> Any:
        if reference.scope == PARAMETERS:
            if reference.rest not in self.parameters:
                self.unknown.append(f"{reference.reference} (no such parameter)")
                return SAMPLE_STRING
            return self.parameters[reference.rest]
        if reference.scope == STEPS:
            return self._step_property(str(reference.step), reference.path)
        return SAMPLE_STRING  # Execution.* variables are strings (ids, ARNs, names, times)

    def _step_property(self, step: str, member_path: str) -> Any:
        """A step property's sample, typed by the step's Describe* output shape."""
        api = STEP_APIS.get(self.step_types.get(step, ""))
        if api is None:
            return SAMPLE_STRING
        shape = self.service.operation_model(api[2]).output_shape
        for name, index in _PATH_TOKEN.findall(member_path):
            if index:
                shape = shape.member if shape.type_name == "list" else getattr(shape, "value", None)
            elif shape is not None and shape.type_name == "structure" and name in shape.members:
                shape = shape.members[name]
            else:
                shape = None
            if shape is None:
                return SAMPLE_STRING
        return _SHAPE_SAMPLES.get(shape.type_name, SAMPLE_STRING) if shape else SAMPLE_STRING


def definition_findings(definition: PipelineDefinition, label: str = "") -> list[Finding]:
    """Findings for every step of `definition` whose arguments AWS's API would refuse."""
    import botocore.session
    from botocore.validate import ParamValidator

    service = botocore.session.get_session().get_service_model("sagemaker")
    context = _Context(definition, service)
    validator = ParamValidator()
    findings: list[Finding] = []
    where = f" ({label})" if label else ""
    for step in definition.all_steps:
        name, kind = step.name, step.type
        if kind in NO_API:
            continue
        if kind not in STEP_APIS:
            findings.append(Finding(SHAPES, Severity.WARNING, PIPELINE_SOURCE, None,
                                    f"step {name}{where}: type {kind!r} is not checked "
                                    "(no API known for it)"))
            continue
        operation, filled, _ = STEP_APIS[kind]
        arguments = context.value(step.arguments)
        if filled is not None:
            arguments.setdefault(filled, f"sample-{kind.lower()}-job")
        report = validator.validate(arguments, service.operation_model(operation).input_shape)
        for line in report.generate_report().splitlines() if report.has_errors() else []:
            findings.append(Finding(SHAPES, Severity.ERROR, PIPELINE_SOURCE, None,
                                    f"step {name}{where} -> {operation}: {line}"))
    for reference in dict.fromkeys(context.unknown):
        findings.append(Finding(SHAPES, Severity.ERROR, PIPELINE_SOURCE, None,
                                f"the definition{where} reads {reference}"))
    return findings


def check(project: Project) -> CheckResult:
    if project.pipeline is None:
        return skipped(SHAPES, "the pipeline definition did not build (see pipeline-definition)")
    findings = definition_findings(project.pipeline)
    checked = "the definition"
    if project.tuning_pipeline is not None:
        findings += definition_findings(project.tuning_pipeline, "--tuning")
        checked += " and its --tuning variant"
    return result(SHAPES, findings,
                  reason=f"{checked} against botocore's sagemaker input shapes")
