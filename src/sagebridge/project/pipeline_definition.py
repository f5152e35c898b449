"""The pipeline definition (the JSON document `pipeline.py --definition` prints) read once into
frozen records: its parameters, and its steps by type with their dependencies.

    definition = parse_definition(document)
    definition.parameters["epochs"]          # PipelineParameter(name, type, default)
    definition.steps                         # the top-level steps, in the definition's order
    definition.all_steps                     # a condition's branch steps included
    definition.owner                         # {branch step: the condition that chooses it}
    definition.dependencies("Evaluate")      # {"Train", "Preprocess"}

Steps: ProcessingStep, TrainingStep, TuningStep, ConditionStep, FailStep, RegisterModelStep;
any other type (Transform, Model, Lambda, one SageMaker adds later) is an OtherStep. Every step
keeps its `arguments` as the definition holds them, for whoever must pass them on as they are
(the local runner resolves them into the job's request); the typed fields are read from them.

A document that is not a definition (no Steps list, a step without Name or Type) raises
DefinitionFormatError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sagebridge.model import StrEnum
from sagebridge.project.conditions import Condition, parse_condition
from sagebridge.project.expressions import step_references
from sagebridge.project.jobs import ModelPackage, ProcessingJob, TrainingJob, TuningConfig
from sagebridge.project.parameters import PipelineParameter, read_parameters


class StepType(StrEnum):
    """The step types this reader knows; any other is kept as an OtherStep."""

    PROCESSING = "Processing"
    TRAINING = "Training"
    TUNING = "Tuning"
    CONDITION = "Condition"
    FAIL = "Fail"
    REGISTER_MODEL = "RegisterModel"


JOB_TYPES = frozenset({StepType.PROCESSING, StepType.TRAINING, StepType.TUNING})


class DefinitionFormatError(ValueError):
    """The document is not a pipeline definition as SageMaker reads one."""


@dataclass(frozen=True)
class PropertyFile:
    """A JSON file a step writes in one of its outputs, read by JsonGet."""

    name: str
    output_name: str
    file_path: str


@dataclass(frozen=True)
class Step:
    name: str
    type: str  # as the definition spells it (a StepType's value for the known ones)
    arguments: Mapping[str, Any]  # as the definition holds them
    depends_on: tuple[str, ...] = ()
    property_files: tuple[PropertyFile, ...] = ()
    # the steps whose properties the arguments and property files read (a condition's branches
    # are not the condition's)
    references: frozenset[str] = frozenset()

    def property_file(self, name: str) -> PropertyFile | None:
        return next((p for p in self.property_files if p.name == name), None)


@dataclass(frozen=True)
class ProcessingStep(Step):
    job: ProcessingJob = field(default_factory=lambda: ProcessingJob.parse({}))


@dataclass(frozen=True)
class TrainingStep(Step):
    job: TrainingJob = field(default_factory=lambda: TrainingJob.parse({}))


@dataclass(frozen=True)
class TuningStep(Step):
    job: TrainingJob | None = None  # TrainingJobDefinition; None: several (multi-algorithm)
    config: TuningConfig = field(default_factory=lambda: TuningConfig.parse({}))

    @property
    def multi_algorithm(self) -> bool:
        return "TrainingJobDefinitions" in self.arguments


@dataclass(frozen=True)
class ConditionStep(Step):
    conditions: tuple[Condition, ...] = ()
    if_steps: tuple[Step, ...] = ()
    else_steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class FailStep(Step):
    error_message: Any = ""


@dataclass(frozen=True)
class RegisterModelStep(Step):
    package: ModelPackage = field(default_factory=lambda: ModelPackage.parse({}))


@dataclass(frozen=True)
class OtherStep(Step):
    """A step type this reader does not know, kept whole: the local runner refuses it by name."""


@dataclass(frozen=True)
class PipelineDefinition:
    name: str | None  # PipelineName, when the document holds it
    parameters: Mapping[str, PipelineParameter]
    steps: tuple[Step, ...]
    all_steps: tuple[Step, ...]  # branch steps after their condition
    owner: Mapping[str, str]  # a branch step's name -> its condition's
    document: Mapping[str, Any]  # the document as printed
    by_name: Mapping[str, Step] = field(default_factory=dict)  # every step, by its name

    def step(self, name: str) -> Step:
        return self.by_name[name]

    def dependencies(self, name: str) -> frozenset[str]:
        """Steps `name` reads properties of, names in DependsOn, and its owning condition."""
        step = self.step(name)
        found = set(step.references) | set(step.depends_on)
        if name in self.owner:
            found.add(self.owner[name])
        found.discard(name)
        return frozenset(found)


def parse_definition(document: Mapping[str, Any]) -> PipelineDefinition:
    if not isinstance(document, Mapping) or not isinstance(document.get("Steps"), list):
        raise DefinitionFormatError("the pipeline definition has no Steps list")
    try:
        steps = tuple(parse_step(step) for step in document["Steps"])
        parameters = read_parameters(document)
    except (KeyError, TypeError, AttributeError) as error:
        raise DefinitionFormatError(f"the pipeline definition is malformed ({error!r})") from None
    all_steps: list[Step] = []
    owner: dict[str, str] = {}

    def add(step: Step, parent: str | None) -> None:
        all_steps.append(step)
        if parent is not None:
            owner[step.name] = parent
        if isinstance(step, ConditionStep):
            for child in (*step.if_steps, *step.else_steps):
                add(child, step.name)

    for step in steps:
        add(step, None)
    name = document.get("PipelineName")
    return PipelineDefinition(
        name=None if name is None else str(name),
        parameters=parameters,
        steps=steps,
        all_steps=tuple(all_steps),
        owner=owner,
        document=document,
        by_name={step.name: step for step in all_steps},
    )


def parse_step(document: Mapping[str, Any]) -> Step:
    """One step's record (a Condition's branch steps parsed with it)."""
    name, kind = str(document["Name"]), str(document["Type"])
    arguments: Mapping[str, Any] = document.get("Arguments") or {}
    property_files = tuple(
        PropertyFile(str(p["PropertyFileName"]), str(p["OutputName"]), str(p["FilePath"]))
        for p in document.get("PropertyFiles") or []
    )
    own = arguments
    if kind == StepType.CONDITION:  # its branches' references are theirs
        own = {k: v for k, v in arguments.items() if k not in ("IfSteps", "ElseSteps")}
    common: dict[str, Any] = {
        "name": name,
        "type": kind,
        "arguments": arguments,
        "depends_on": tuple(str(d) for d in document.get("DependsOn") or []),
        "property_files": property_files,
        "references": step_references([own, document.get("PropertyFiles") or []]),
    }
    if kind == StepType.PROCESSING:
        return ProcessingStep(**common, job=ProcessingJob.parse(arguments))
    if kind == StepType.TRAINING:
        return TrainingStep(**common, job=TrainingJob.parse(arguments))
    if kind == StepType.TUNING:
        single = arguments.get("TrainingJobDefinition")
        return TuningStep(
            **common,
            job=None if single is None else TrainingJob.parse(single),
            config=TuningConfig.parse(arguments.get("HyperParameterTuningJobConfig") or {}),
        )
    if kind == StepType.CONDITION:
        return ConditionStep(
            **common,
            conditions=tuple(parse_condition(c) for c in arguments.get("Conditions") or []),
            if_steps=tuple(parse_step(s) for s in arguments.get("IfSteps") or []),
            else_steps=tuple(parse_step(s) for s in arguments.get("ElseSteps") or []),
        )
    if kind == StepType.FAIL:
        return FailStep(**common, error_message=arguments.get("ErrorMessage", ""))
    if kind == StepType.REGISTER_MODEL:
        return RegisterModelStep(**common, package=ModelPackage.parse(arguments))
    return OtherStep(**common)
