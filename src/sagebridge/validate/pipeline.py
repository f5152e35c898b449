"""The pipeline: its definition builds offline, and every PropertyFile names a real output.

`python pipeline/pipeline.py --definition` runs offline, built by the project's one builder
(`sagebridge.project.definition`: fake credentials, SAGEMAKER_VALIDATE_ROLE=false, every
non-loopback request refused, a moto server on loopback for the SDK's code uploads). The built
definition is kept on the project for the property-file and name checks.
"""

from __future__ import annotations

import ast
from typing import Any

from sagebridge.project.definition import DefinitionError, build_offline_definition
from sagebridge.project.expressions import Get, JsonGet, expression_of, expressions
from sagebridge.project.pipeline_definition import (
    DefinitionFormatError,
    PipelineDefinition,
    ProcessingStep,
    parse_definition,
)
from sagebridge.validate.project import PIPELINE_SOURCE, Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped

DEFINITION = "pipeline-definition"
PROPERTY_FILES = "property-files"
DEFINITION_TIMEOUT_S = 900


def _build(project: Project, tuning: bool) -> tuple[dict[str, Any] | None, str | None]:
    """The definition `pipeline.py --definition [--tuning]` prints, or why there is none."""
    # No --role/--bucket: the script's own offline defaults are built from the plan's names,
    # so the names check can compare what the definition ends up holding.
    try:
        definition = build_offline_definition(
            project.root, tuning=tuning, timeout=DEFINITION_TIMEOUT_S
        )
    except DefinitionError as error:
        if error.returncode is not None:
            tail = " | ".join(error.stderr.strip().splitlines()[-3:])
            return None, f"exit {error.returncode}: {tail}"
        return None, error.detail
    return definition, None


def build_definition(project: Project) -> CheckResult:
    source = project.root / PIPELINE_SOURCE
    if not source.is_file():
        return skipped(DEFINITION, f"{PIPELINE_SOURCE} does not exist")
    findings: list[Finding] = []
    built = ["--definition"]
    variants = [False]
    # A project with tuning ranges builds a second definition with the tuning step.
    if "HyperparameterTuner(" in source.read_text(encoding="utf-8"):
        variants.append(True)
        built.append("--definition --tuning")
    for tuning in variants:
        definition, error = _build(project, tuning)
        label = "--definition --tuning" if tuning else "--definition"
        if error is not None:
            project.definition_error = project.definition_error or error
            findings.append(Finding(DEFINITION, Severity.ERROR, PIPELINE_SOURCE, None,
                                    f"{label} failed ({error})"))
            continue
        assert definition is not None
        if not definition.get("Steps"):
            findings.append(Finding(DEFINITION, Severity.ERROR, PIPELINE_SOURCE, None,
                                    f"the definition of {label} has no Steps"))
        try:
            records = parse_definition(definition)
        except DefinitionFormatError as error:
            records = None
            if definition.get("Steps"):  # no Steps is said above
                findings.append(Finding(DEFINITION, Severity.ERROR, PIPELINE_SOURCE, None,
                                        f"the definition of {label} does not read as one "
                                        f"({error})"))
        if tuning:
            project.tuning_definition, project.tuning_pipeline = definition, records
        else:
            project.definition, project.pipeline = definition, records
    return result(DEFINITION, findings,
                  reason="python pipeline/pipeline.py " + " and ".join(built))


def _definition_property_findings(definition: PipelineDefinition) -> list[Finding]:
    """PropertyFile.OutputName must be one of its step's ProcessingOutputs; JsonGet must name
    a PropertyFile that exists."""
    findings = []
    declared: set[str] = set()
    for step in definition.steps:
        outputs = {o.name for o in step.job.outputs} if isinstance(step, ProcessingStep) else set()
        for property_file in step.property_files:
            name, output = property_file.name, property_file.output_name
            declared.add(f"Steps.{step.name}.PropertyFiles.{name}")
            declared.add(name)
            if output not in outputs:
                findings.append(Finding(
                    PROPERTY_FILES, Severity.ERROR, PIPELINE_SOURCE,
                    None,
                    f"step {step.name}: PropertyFile {name!r} reads output {output!r}, "
                    f"but the step's outputs are {sorted(outputs)}"))
    for reference in _json_get_references(definition):
        if reference not in declared:
            findings.append(Finding(PROPERTY_FILES, Severity.ERROR, PIPELINE_SOURCE, None,
                                    f"JsonGet reads PropertyFile {reference!r}, "
                                    "which no step declares"))
    return findings


def _json_get_references(definition: PipelineDefinition) -> list[str]:
    """The property file each JsonGet of the definition reads, as it names it."""
    found: list[str] = []
    for expression in expressions(definition.document):
        if not isinstance(expression, JsonGet):
            continue
        source = expression_of(expression.source)
        if isinstance(source, Get):
            found.append(str(source.reference))
        elif isinstance(expression.source, str):
            found.append(expression.source)
    return found


def _source_property_findings(project: Project) -> list[Finding]:
    """Without a definition: PropertyFile(output_name="x") literals against ProcessingOutput
    names written in pipeline.py."""
    path = project.root / PIPELINE_SOURCE
    tree = ast.parse(path.read_text(encoding="utf-8"))
    outputs: set[str] = set()
    wanted: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        for keyword in node.keywords:
            if not isinstance(keyword.value, ast.Constant) or not isinstance(
                    keyword.value.value, str):
                continue
            if callee == "ProcessingOutput" and keyword.arg == "output_name":
                outputs.add(keyword.value.value)
            if callee == "PropertyFile" and keyword.arg == "output_name":
                wanted.append((keyword.value.value, node.lineno))
    return [Finding(PROPERTY_FILES, Severity.ERROR, PIPELINE_SOURCE, line,
                    f"PropertyFile output_name {name!r} matches no ProcessingOutput "
                    f"output_name {sorted(outputs)}")
            for name, line in wanted if outputs and name not in outputs]


def check_property_files(project: Project) -> CheckResult:
    if not (project.root / PIPELINE_SOURCE).is_file():
        return skipped(PROPERTY_FILES, f"{PIPELINE_SOURCE} does not exist")
    if project.pipeline is not None:
        findings = _definition_property_findings(project.pipeline)
        return result(PROPERTY_FILES, findings, reason="read from the built definition")
    try:
        findings = _source_property_findings(project)
    except SyntaxError:
        return skipped(PROPERTY_FILES, f"{PIPELINE_SOURCE} does not parse (see python check)")
    return result(PROPERTY_FILES, findings,
                  reason="read from pipeline.py source (the definition did not build)")
