"""A Condition step's conditions as records (the `Conditions` of its arguments).

    {"Type": "GreaterThanOrEqualTo", "LeftValue": {...}, "RightValue": {...}}
        -> Comparison(ComparisonType.GREATER_THAN_OR_EQUAL_TO, left, right)
    {"Type": "Not", "Expression": {...}}         -> Not(<condition>)
    {"Type": "Or", "Conditions": [...]}           -> Or((<condition>, ...))
    {"Type": "In", "QueryValue": ..., "Values": [...]} -> In(query, values)
    any other Type                                -> OtherCondition(type, raw)

Operands stay as the definition holds them (a literal or an expression's document, read with
`sagebridge.project.expressions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sagebridge.model import StrEnum


class ComparisonType(StrEnum):
    EQUALS = "Equals"
    GREATER_THAN = "GreaterThan"
    GREATER_THAN_OR_EQUAL_TO = "GreaterThanOrEqualTo"
    LESS_THAN = "LessThan"
    LESS_THAN_OR_EQUAL_TO = "LessThanOrEqualTo"


@dataclass(frozen=True)
class Comparison:
    type: ComparisonType
    left: Any
    right: Any


@dataclass(frozen=True)
class Not:
    expression: Condition


@dataclass(frozen=True)
class Or:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class In:
    query: Any
    values: tuple[Any, ...]


@dataclass(frozen=True)
class OtherCondition:
    """A condition type SageMaker may know and this reader does not (kept, never dropped)."""

    type: str
    raw: Mapping[str, Any]


Condition = Comparison | Not | Or | In | OtherCondition

_COMPARISON_TYPES = {kind.value: kind for kind in ComparisonType}


def parse_condition(document: Mapping[str, Any]) -> Condition:
    kind = str(document["Type"])
    if kind in _COMPARISON_TYPES:
        return Comparison(_COMPARISON_TYPES[kind], document["LeftValue"], document["RightValue"])
    if kind == "Not":
        return Not(parse_condition(document["Expression"]))
    if kind == "Or":
        return Or(tuple(parse_condition(inner) for inner in document["Conditions"]))
    if kind == "In":
        return In(document["QueryValue"], tuple(document["Values"]))
    return OtherCondition(kind, document)


def unsupported(condition: Condition) -> str | None:
    """The type of the first condition inside `condition` that this reader does not know."""
    if isinstance(condition, OtherCondition):
        return condition.type
    if isinstance(condition, Not):
        return unsupported(condition.expression)
    if isinstance(condition, Or):
        return next((kind for inner in condition.conditions if (kind := unsupported(inner))), None)
    return None
