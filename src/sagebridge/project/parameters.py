"""The pipeline definition's parameters, read once into typed records, and the values a run
gives them (`-p NAME=VALUE`) checked against those: the one reader `run --local` and `execute`
both use.

    declared = read_parameters(definition)        # {"epochs": PipelineParameter(...), ...}
    values = run_values(declared, {"epochs": "2"})  # {"epochs": 2, "QualityThreshold": ...}

`run_values` raises `ParameterProblem` for the first unknown, missing or mistyped value (in that
order; a TrainingInstanceType of the other instance family than the build's counts as
mistyped); `refusal` words it, the same for `run --local` and `execute`:

    pipeline parameter QualityThreshold has no default: pass -p QualityThreshold=VALUE (a Float)
    -p epochs=x: not a valid Integer
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sagebridge.contract import instance_family_mismatch
from sagebridge.model import StrEnum


class ParameterType(StrEnum):
    """The `Type` of a pipeline parameter in the definition."""

    STRING = "String"
    INTEGER = "Integer"
    FLOAT = "Float"
    BOOLEAN = "Boolean"


_BOOLEANS = ("true", "false")


@dataclass(frozen=True)
class PipelineParameter:
    name: str
    type: ParameterType
    has_default: bool
    default: Any = None  # as the definition holds it (a number for Integer/Float)

    @property
    def required(self) -> bool:
        """SageMaker refuses an execution that leaves it unset."""
        return not self.has_default

    def parse(self, raw: str) -> Any:
        """`raw` as this parameter's type; ValueError when it is not one."""
        if self.type is ParameterType.INTEGER:
            return int(raw)
        if self.type is ParameterType.FLOAT:
            return float(raw)
        if self.type is ParameterType.BOOLEAN:
            if raw.lower() not in _BOOLEANS:
                raise ValueError(raw)
            return raw.lower() == "true"
        return raw


def read_parameters(definition: Mapping[str, Any]) -> dict[str, PipelineParameter]:
    """Name -> parameter, in the definition's order (an unknown `Type` reads as String)."""
    declared: dict[str, PipelineParameter] = {}
    for item in definition.get("Parameters") or []:
        try:
            kind = ParameterType(str(item.get("Type", "String")))
        except ValueError:
            kind = ParameterType.STRING
        name = str(item.get("Name"))
        declared[name] = PipelineParameter(
            name, kind, has_default="DefaultValue" in item, default=item.get("DefaultValue")
        )
    return declared


class Problem(StrEnum):
    UNKNOWN = "unknown"  # no such parameter
    FAMILY = "family"  # a TrainingInstanceType the build's image can't run on
    MISSING = "missing"  # no value and no default
    MISTYPED = "mistyped"  # not a value of the parameter's type


class ParameterProblem(ValueError):
    """The first value that can't start a run. `names` are the parameters concerned (the
    unknown ones, sorted; else the one); `detail` says why for FAMILY."""

    def __init__(
        self,
        problem: Problem,
        names: tuple[str, ...],
        declared: Mapping[str, PipelineParameter],
        given: str = "",
        detail: str = "",
    ) -> None:
        super().__init__(detail or f"{problem}: {', '.join(names)}")
        self.problem = problem
        self.names = names
        self.declared = declared
        self.given = given  # the value given, for MISTYPED
        self.detail = detail

    @property
    def parameter(self) -> PipelineParameter:
        return self.declared[self.names[0]]


def run_values(
    declared: Mapping[str, PipelineParameter], given: Mapping[str, str]
) -> dict[str, Any]:
    """Each declared parameter's value for a run: the given one (typed), else its default."""
    unknown = tuple(sorted(set(given) - set(declared)))
    if unknown:
        raise ParameterProblem(Problem.UNKNOWN, unknown, declared)
    defaults = [
        {"Name": p.name, "DefaultValue": p.default} for p in declared.values() if p.has_default
    ]
    mismatch = instance_family_mismatch(defaults, dict(given))
    if mismatch is not None:
        raise ParameterProblem(Problem.FAMILY, (), declared, detail=mismatch)
    values: dict[str, Any] = {}
    for name, parameter in declared.items():
        if name not in given:
            if not parameter.has_default:
                raise ParameterProblem(Problem.MISSING, (name,), declared)
            values[name] = parameter.default
            continue
        try:
            values[name] = parameter.parse(given[name])
        except ValueError:
            raise ParameterProblem(Problem.MISTYPED, (name,), declared, given[name]) from None
    return values


def refusal(problem: ParameterProblem) -> str:
    """The one line `run --local` and `execute` refuse a run's parameters with."""
    if problem.problem is Problem.UNKNOWN:
        return (
            f"unknown pipeline parameter(s) {', '.join(problem.names)}; "
            f"the pipeline declares {', '.join(problem.declared) or 'none'}"
        )
    if problem.problem is Problem.FAMILY:
        return problem.detail
    parameter = problem.parameter
    name, kind = parameter.name, parameter.type
    if problem.problem is Problem.MISSING:
        return f"pipeline parameter {name} has no default: pass -p {name}=VALUE (a {kind})"
    hint = " (true or false)" if kind is ParameterType.BOOLEAN else ""
    return f"-p {name}={problem.given}: not a valid {kind}{hint}"
