"""Condition and Fail steps: the quality gate and its failure message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sagebridge.local.run.resolve import Resolver
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported

_COMPARISONS = {
    "Equals": lambda a, b: a == b,
    "GreaterThan": lambda a, b: a > b,
    "GreaterThanOrEqualTo": lambda a, b: a >= b,
    "LessThan": lambda a, b: a < b,
    "LessThanOrEqualTo": lambda a, b: a <= b,
}


def check_condition(step: Mapping[str, Any]) -> None:
    def check(condition: Mapping[str, Any]) -> None:
        kind = condition["Type"]
        if kind in ("Not",):
            check(condition["Expression"])
        elif kind == "Or":
            for inner in condition["Conditions"]:
                check(inner)
        elif kind not in _COMPARISONS and kind != "In":
            raise Unsupported(f"step {step['Name']}: condition type {kind} is not supported")

    for condition in step["Arguments"]["Conditions"]:
        check(condition)


def evaluate(condition: Mapping[str, Any], resolver: Resolver) -> bool:
    kind = condition["Type"]
    if kind == "Not":
        return not evaluate(condition["Expression"], resolver)
    if kind == "Or":
        return any(evaluate(inner, resolver) for inner in condition["Conditions"])
    if kind == "In":
        value = resolver.resolve(condition["QueryValue"])
        return value in [resolver.resolve(v) for v in condition["Values"]]
    left = resolver.resolve(condition["LeftValue"])
    right = resolver.resolve(condition["RightValue"])
    return bool(_COMPARISONS[kind](left, right))


def run_condition(step: Mapping[str, Any], context: StepContext) -> StepOutcome:
    arguments = step["Arguments"]
    outcome = all(evaluate(c, context.resolver) for c in arguments["Conditions"])
    chosen = arguments["IfSteps"] if outcome else arguments["ElseSteps"]
    context.emit(f"condition is {str(outcome).lower()}: running {[s['Name'] for s in chosen]}")
    return StepOutcome(properties={"Outcome": outcome}, branch=[s["Name"] for s in chosen])


def run_fail(step: Mapping[str, Any], context: StepContext) -> StepOutcome:
    message = context.resolver.resolve(step["Arguments"].get("ErrorMessage", ""))
    raise StepFailed(str(message))
