"""Condition and Fail steps: the quality gate and its failure message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sagebridge.local.run.resolve import Resolver
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.project.conditions import (
    ComparisonType,
    Condition,
    In,
    Not,
    Or,
    OtherCondition,
    unsupported,
)
from sagebridge.project.pipeline_definition import ConditionStep, FailStep, Step

_COMPARISONS: dict[ComparisonType, Callable[[Any, Any], bool]] = {
    ComparisonType.EQUALS: lambda a, b: a == b,
    ComparisonType.GREATER_THAN: lambda a, b: a > b,
    ComparisonType.GREATER_THAN_OR_EQUAL_TO: lambda a, b: a >= b,
    ComparisonType.LESS_THAN: lambda a, b: a < b,
    ComparisonType.LESS_THAN_OR_EQUAL_TO: lambda a, b: a <= b,
}


def check_condition(step: Step) -> None:
    assert isinstance(step, ConditionStep)
    for condition in step.conditions:
        kind = unsupported(condition)
        if kind is not None:
            raise Unsupported(f"step {step.name}: condition type {kind} is not supported")


def evaluate(condition: Condition, resolver: Resolver) -> bool:
    if isinstance(condition, Not):
        return not evaluate(condition.expression, resolver)
    if isinstance(condition, Or):
        return any(evaluate(inner, resolver) for inner in condition.conditions)
    if isinstance(condition, In):
        value = resolver.resolve(condition.query)
        return value in [resolver.resolve(v) for v in condition.values]
    if isinstance(condition, OtherCondition):  # refused before the run (check_condition)
        raise Unsupported(f"condition type {condition.type} is not supported")
    left = resolver.resolve(condition.left)
    right = resolver.resolve(condition.right)
    return bool(_COMPARISONS[condition.type](left, right))


def run_condition(step: Step, context: StepContext) -> StepOutcome:
    assert isinstance(step, ConditionStep)
    outcome = all(evaluate(c, context.resolver) for c in step.conditions)
    chosen = [s.name for s in (step.if_steps if outcome else step.else_steps)]
    context.emit(f"condition is {str(outcome).lower()}: running {chosen}")
    return StepOutcome(properties={"Outcome": outcome}, branch=chosen)


def run_fail(step: Step, context: StepContext) -> StepOutcome:
    assert isinstance(step, FailStep)
    message = context.resolver.resolve(step.error_message)
    raise StepFailed(str(message))
