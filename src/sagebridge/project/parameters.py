"""The pipeline definition's parameters, read once into typed records, and the values a run
gives them (`-p NAME=VALUE`) checked against those: the one reader `run --local` and `execute`
both use.

    declared = read_parameters(definition)        # {"epochs": PipelineParameter(...), ...}
    values = run_values(declared, {"epochs": "2"})  # {"epochs": 2, "QualityThreshold": ...}

A name given with the original flag's spelling (`batch-size`, `--batch-size`) stands for the
parameter it spells (`batch_size`) when exactly one does (`canonical_names`).

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
    TWICE = "twice"  # two spellings of one parameter given


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


def _spelling(name: str) -> str:
    """`--Batch-Size` and `batch_size` alike: no leading dashes, `-` read as `_`, any case."""
    return name.lstrip("-").replace("-", "_").lower()


def canonical_names(
    declared: Mapping[str, PipelineParameter], given: Mapping[str, str]
) -> dict[str, str]:
    """`given` keyed by declared names: a name declared as it is stays; another one spelled as
    the script's flag (`batch-size`, `--batch-size`) becomes the one parameter it spells
    (`batch_size`). One spelling that fits none or several stays as given (unknown to
    `run_values`); two that name one parameter are a problem (TWICE)."""
    by_spelling: dict[str, list[str]] = {}
    for name in declared:
        by_spelling.setdefault(_spelling(name), []).append(name)
    named: dict[str, str] = {}
    spelled_as: dict[str, str] = {}
    for name, value in given.items():
        fits = by_spelling.get(_spelling(name), [])
        target = name if name in declared or len(fits) != 1 else fits[0]
        if target in named:
            raise ParameterProblem(Problem.TWICE, (spelled_as[target], name), declared)
        named[target], spelled_as[target] = value, name
    return named


def run_values(
    declared: Mapping[str, PipelineParameter], given: Mapping[str, str]
) -> dict[str, Any]:
    """Each declared parameter's value for a run: the given one (typed), else its default."""
    given = canonical_names(declared, given)
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
        several = [
            f"{name} could be any of {', '.join(fits)}"
            for name in problem.names
            if len(fits := [d for d in problem.declared if _spelling(d) == _spelling(name)]) > 1
        ]
        return (
            f"unknown pipeline parameter(s) {', '.join(problem.names)}"
            + (f" ({'; '.join(several)})" if several else "")
            + f"; the pipeline declares {', '.join(problem.declared) or 'none'}"
        )
    if problem.problem is Problem.FAMILY:
        return problem.detail
    if problem.problem is Problem.TWICE:
        first, second = problem.names
        return f"-p {first} and -p {second} set the same pipeline parameter: give it once"
    parameter = problem.parameter
    name, kind = parameter.name, parameter.type
    if problem.problem is Problem.MISSING:
        return f"pipeline parameter {name} has no default: pass -p {name}=VALUE (a {kind})"
    hint = " (true or false)" if kind is ParameterType.BOOLEAN else ""
    return f"-p {name}={problem.given}: not a valid {kind}{hint}"
