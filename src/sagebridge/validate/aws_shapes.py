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
from collections.abc import Iterator
from typing import Any

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

    def __init__(self, definition: dict[str, Any], service: Any) -> None:
        self.service = service
        self.parameters: dict[str, Any] = {}
        for parameter in definition.get("Parameters", []) or []:
            kind = str(parameter.get("Type", "String"))
            sample = SAMPLES.get(kind, SAMPLE_STRING)
            default = parameter.get("DefaultValue")
            # bool is an int in Python: an Integer parameter's default must really be one.
            typed = default is not None and type(default) is type(sample)
            self.parameters[str(parameter.get("Name"))] = default if typed else sample
        self.step_types = {str(step.get("Name")): str(step.get("Type"))
                           for step in _all_steps(definition.get("Steps", []))}
        self.unknown: list[str] = []

    def value(self, node: Any) -> Any:
        """`node` with every pipeline variable replaced by a sample of its type."""
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if not isinstance(node, dict):
            return node
        if set(node) == {"Get"} and isinstance(node["Get"], str):
            return self._get(node["Get"])
        if len(node) == 1 and next(iter(node)) in {"Std:Join", "Std:JsonGet"}:
            # Join always yields a string; a JsonGet's type is only known at run time.
            return SAMPLE_STRING
        return {key: self.value(item) for key, item in node.items()}

    def _get(self, reference: str) -> Any:
        kind, _, rest = reference.partition(".")
        if kind == "Parameters":
            if rest not in self.parameters:
                self.unknown.append(f"{reference} (no such parameter)")
                return SAMPLE_STRING
            return self.parameters[rest]
        if kind == "Steps":
            return self._step_property(rest)
        return SAMPLE_STRING  # Execution.* variables are strings (ids, ARNs, names, times)

    def _step_property(self, path: str) -> Any:
        """A step property's sample, typed by the step's Describe* output shape."""
        step, _, member_path = path.partition(".")
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


def _all_steps(steps: Any) -> Iterator[dict[str, Any]]:
    """Every step, with a Condition step's branches after it."""
    for step in steps or []:
        if not isinstance(step, dict):
            continue
        yield step
        if step.get("Type") == "Condition":
            arguments = step.get("Arguments") or {}
            yield from _all_steps(arguments.get("IfSteps"))
            yield from _all_steps(arguments.get("ElseSteps"))


def definition_findings(definition: dict[str, Any], label: str = "") -> list[Finding]:
    """Findings for every step of `definition` whose arguments AWS's API would refuse."""
    import botocore.session
    from botocore.validate import ParamValidator

    service = botocore.session.get_session().get_service_model("sagemaker")
    context = _Context(definition, service)
    validator = ParamValidator()
    findings: list[Finding] = []
    where = f" ({label})" if label else ""
    for step in _all_steps(definition.get("Steps", [])):
        name, kind = step.get("Name"), str(step.get("Type"))
        if kind in NO_API:
            continue
        if kind not in STEP_APIS:
            findings.append(Finding(SHAPES, Severity.WARNING, PIPELINE_SOURCE, None,
                                    f"step {name}{where}: type {kind!r} is not checked "
                                    "(no API known for it)"))
            continue
        operation, filled, _ = STEP_APIS[kind]
        arguments = context.value(step.get("Arguments") or {})
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
    if project.definition is None:
        return skipped(SHAPES, "the pipeline definition did not build (see pipeline-definition)")
    findings = definition_findings(project.definition)
    checked = "the definition"
    if project.tuning_definition is not None:
        findings += definition_findings(project.tuning_definition, "--tuning")
        checked += " and its --tuning variant"
    return result(SHAPES, findings,
                  reason=f"{checked} against botocore's sagemaker input shapes")
