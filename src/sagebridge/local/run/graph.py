"""The pipeline definition's steps in the order they run, and the run's inputs: parameter
values (defaults, `-p` overrides) and the step inputs `--data` can feed.

    order = execution_order(definition)        # a PipelineDefinition (sagebridge.project)
    values = resolve_parameters(definition.parameters, {"epochs": "1"})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sagebridge.errors import UserError
from sagebridge.project.expressions import parameter_of
from sagebridge.project.parameters import ParameterProblem, PipelineParameter, refusal, run_values
from sagebridge.project.pipeline_definition import PipelineDefinition, ProcessingStep, TrainingStep


def execution_order(definition: PipelineDefinition) -> list[str]:
    names = [s.name for s in definition.all_steps]
    needs = {name: definition.dependencies(name) for name in names}
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


def resolve_parameters(
    declared: Mapping[str, PipelineParameter], overrides: Mapping[str, str]
) -> dict[str, Any]:
    """Each parameter's value for the run: the `-p` override (typed), else its default."""
    try:
        return run_values(declared, overrides)
    except ParameterProblem as problem:
        raise UserError(refusal(problem)) from None


def data_parameters(definition: PipelineDefinition) -> dict[str, str]:
    """Inputs/channels whose URI is a pipeline parameter: {input or channel name: parameter}."""
    found: dict[str, str] = {}
    for step in definition.all_steps:
        if isinstance(step, ProcessingStep):
            sources = [(i.name, i.s3_uri) for i in step.job.inputs]
        elif isinstance(step, TrainingStep):
            sources = [(c.name, c.s3_uri) for c in step.job.channels]
        else:
            continue
        for name, uri in sources:
            if (parameter := parameter_of(uri)) is not None:
                found[name] = parameter
    return found
