"""Evaluate the pipeline definition's expressions: `Get`, `Std:Join`, `Std:JsonGet`.

    {"Get": "Parameters.epochs"}                                   -> 10
    {"Get": "Execution.PipelineExecutionId"}                       -> "local-3f2a..."
    {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}         -> "s3://b/.../model.tar.gz"
    {"Get": "Steps.Train.FinalMetricDataList['rmse'].Value"}       -> 0.71 (the job log's last
                                                                      `rmse=...;`, training.py)
    {"Get": "Steps.Pre.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}
    {"Std:Join": {"On": "/", "Values": [...]}}                     -> "s3://b/p/train"
    {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Report"},
                     "Path": "metrics.accuracy.value"}}            -> 0.98

Step properties are kept in the shape of the Describe*Job responses, so a path from the
definition walks them directly; a list indexed by a string picks the element whose `...Name`
field has that value (`Outputs['train']`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from sagebridge.project.expressions import (
    EXECUTION,
    PARAMETERS,
    PROPERTY_FILES,
    STEPS,
    Get,
    Join,
    JsonGet,
    expression_of,
)

_TOKEN = re.compile(
    r"\.?([A-Za-z_][A-Za-z0-9_:]*)|\[\s*'([^']*)'\s*\]|\[\s*\"([^\"]*)\"\s*\]|\[(\d+)\]"
)

# Reads a property file: (step name, property file name) -> its parsed JSON.
PropertyFileReader = Callable[[str, str], Any]


class ResolveError(Exception):
    """An expression the runner can't evaluate (unknown reference, missing property)."""


def parse_path(path: str) -> list[str | int]:
    """`Outputs['train'].S3Output.S3Uri` -> ["Outputs", "train", "S3Output", "S3Uri"]."""
    tokens: list[str | int] = []
    position = 0
    while position < len(path):
        match = _TOKEN.match(path, position)
        if match is None or match.end() == position:
            raise ResolveError(f"can't parse property path {path!r} at {path[position:]!r}")
        name, single, double, index = match.groups()
        if index is not None:
            tokens.append(int(index))
        else:
            tokens.append(next(t for t in (name, single, double) if t is not None))
        position = match.end()
    return tokens


def walk(value: Any, tokens: list[str | int], where: str) -> Any:
    for token in tokens:
        if isinstance(token, int):
            if not isinstance(value, list) or token >= len(value):
                raise ResolveError(f"{where}: no element [{token}]")
            value = value[token]
        elif isinstance(value, Mapping):
            if token not in value:
                raise ResolveError(f"{where}: no property {token!r}")
            value = value[token]
        elif isinstance(value, list):
            named = [
                item
                for item in value
                if isinstance(item, Mapping)
                and any(k.endswith("Name") and v == token for k, v in item.items())
            ]
            if len(named) != 1:
                # e.g. FinalMetricDataList['test_rmse'] when the job never logged `test_rmse=`
                have = sorted(
                    str(v)
                    for item in value
                    if isinstance(item, Mapping)
                    for k, v in item.items()
                    if k.endswith("Name")
                )
                raise ResolveError(
                    f"{where}: no single element named {token!r} (have: {', '.join(have) or 'none'})"
                )
            value = named[0]
        else:
            raise ResolveError(f"{where}: can't take {token!r} of {type(value).__name__}")
    return value


def json_get(document: Any, path: str, where: str) -> Any:
    """JsonGet's path: dotted keys with optional [index] (`metrics.accuracy.value`)."""
    return walk(document, parse_path(path), where)


def to_text(value: Any) -> str:
    """How a value reads inside a Join (SageMaker prints numbers as JSON does)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


class Resolver:
    def __init__(
        self,
        parameters: Mapping[str, Any],
        execution: Mapping[str, Any],
        read_property_file: PropertyFileReader,
    ) -> None:
        self.parameters = dict(parameters)
        self.execution = dict(execution)
        self.steps: dict[str, Mapping[str, Any]] = {}  # step name -> its properties
        self.read_property_file = read_property_file

    def set_step_properties(self, step: str, properties: Mapping[str, Any]) -> None:
        self.steps[step] = properties

    def resolve(self, value: Any) -> Any:
        """Evaluate every expression inside `value` (dicts and lists are walked)."""
        expression = expression_of(value)
        if isinstance(expression, Get):
            return self.get(expression.reference)
        if isinstance(expression, Join):
            return to_text(expression.on).join(
                to_text(self.resolve(item)) for item in expression.values
            )
        if isinstance(expression, JsonGet):
            return self.json_get(expression)
        if isinstance(value, Mapping):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        return value

    def get(self, reference: str) -> Any:
        if not isinstance(reference, str):
            raise ResolveError(f"Get of a non-string reference: {reference!r}")
        get = Get(reference)
        if get.scope == PARAMETERS:
            if get.rest not in self.parameters:
                raise ResolveError(f"{reference}: no such parameter")
            return self.parameters[get.rest]
        if get.scope == EXECUTION:
            if get.rest not in self.execution:
                raise ResolveError(f"{reference}: execution variable not supported locally")
            return self.execution[get.rest]
        if get.scope == STEPS:
            step = str(get.step)
            if step not in self.steps:
                raise ResolveError(f"{reference}: step {step!r} has not run")
            if get.path.startswith(PROPERTY_FILES + "."):
                raise ResolveError(f"{reference}: a property file is read only through JsonGet")
            return walk(self.steps[step], parse_path(get.path), reference)
        raise ResolveError(f"{reference}: unknown reference scope {get.scope!r}")

    def json_get(self, expression: JsonGet) -> Any:
        source = expression.property_file
        if source is None:
            if isinstance(expression_of(expression.source), Get):
                raise ResolveError(
                    f"JsonGet: unsupported property file reference {expression.source!r}"
                )
            raise ResolveError(
                f"JsonGet: unsupported source {expression.source!r} (only PropertyFile)"
            )
        if source.step not in self.steps:
            raise ResolveError(f"JsonGet: step {source.step!r} has not run")
        document = self.read_property_file(source.step, source.name)
        where = f"{source.step}.{source.name}"
        return json_get(document, str(self.resolve(expression.path)), where)
