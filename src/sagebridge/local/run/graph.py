"""The pipeline definition as a graph and its inputs: the steps (branch steps included) in
dependency order, and the run's parameter values (defaults, `-p` overrides, `--data`).

    steps, owner = flatten(definition)
    order = execution_order(steps, owner)
    values = resolve_parameters(definition, {"epochs": "1"})
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sagebridge.errors import UserError
from sagebridge.project.parameters import (
    ParameterProblem,
    read_parameters,
    refusal,
    run_values,
)

# ---- the graph -------------------------------------------------------------------------------


def flatten(definition: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], dict[str, str]]:
    """All steps, branch steps included, and for each branch step the condition owning it."""
    steps: list[Mapping[str, Any]] = []
    owner: dict[str, str] = {}

    def add(step: Mapping[str, Any], parent: str | None) -> None:
        steps.append(step)
        if parent is not None:
            owner[step["Name"]] = parent
        if step["Type"] == "Condition":
            for child in step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"]:
                add(child, step["Name"])

    for step in definition["Steps"]:
        add(step, None)
    return steps, owner


_STEP_REFERENCE = re.compile(r'"Steps\.([^."\[]+)')


def dependencies(step: Mapping[str, Any], owner: Mapping[str, str]) -> set[str]:
    """Steps this one reads properties of, names in DependsOn, and its owning condition."""
    own = dict(step)
    if step["Type"] == "Condition":  # its branches' references are theirs, not the condition's
        arguments = dict(own["Arguments"])
        arguments.pop("IfSteps"), arguments.pop("ElseSteps")
        own["Arguments"] = arguments
    found = set(_STEP_REFERENCE.findall(json.dumps(own.get("Arguments", {}))))
    found |= set(_STEP_REFERENCE.findall(json.dumps(own.get("PropertyFiles", []))))
    found |= set(step.get("DependsOn", []))
    if step["Name"] in owner:
        found.add(owner[step["Name"]])
    found.discard(step["Name"])
    return found


def execution_order(steps: list[Mapping[str, Any]], owner: Mapping[str, str]) -> list[str]:
    names = [s["Name"] for s in steps]
    needs = {s["Name"]: dependencies(s, owner) for s in steps}
    for name, required in needs.items():
        unknown = required - set(names)
        if unknown:
            raise UserError(f"step {name} depends on unknown step(s): {', '.join(sorted(unknown))}")
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(names):
        ready = [n for n in names if n not in done and needs[n] <= done]
        if not ready:
            cycle = sorted(set(names) - done)
            raise UserError(f"the pipeline's steps depend on each other in a cycle: {cycle}")
        order.append(ready[0])  # definition order among the ready ones: stable runs
        done.add(ready[0])
    return order


# ---- parameters and data -----------------------------------------------------------------


def resolve_parameters(
    definition: Mapping[str, Any], overrides: Mapping[str, str]
) -> dict[str, Any]:
    """Each parameter's value for the run: the `-p` override (typed), else its default."""
    declared = read_parameters(definition)
    try:
        return run_values(declared, overrides)
    except ParameterProblem as problem:
        raise UserError(refusal(problem)) from None


def data_parameters(steps: list[Mapping[str, Any]]) -> dict[str, str]:
    """Inputs/channels whose URI is a pipeline parameter: {input or channel name: parameter}."""
    found: dict[str, str] = {}
    for step in steps:
        arguments = step.get("Arguments", {})
        for item in arguments.get("ProcessingInputs", []):
            uri = item.get("S3Input", {}).get("S3Uri")
            if isinstance(uri, Mapping) and str(uri.get("Get", "")).startswith("Parameters."):
                found[item["InputName"]] = uri["Get"].split(".", 1)[1]
        for channel in arguments.get("InputDataConfig", []):
            uri = channel.get("DataSource", {}).get("S3DataSource", {}).get("S3Uri")
            if isinstance(uri, Mapping) and str(uri.get("Get", "")).startswith("Parameters."):
                found[channel["ChannelName"]] = uri["Get"].split(".", 1)[1]
    return found
