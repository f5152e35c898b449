"""The pipeline definition's expressions as small records: `Get`, `Std:Join`, `Std:JsonGet`.

    expression_of({"Get": "Parameters.epochs"})           -> Get("Parameters.epochs")
    expression_of({"Std:Join": {"On": "/", "Values": ["s3://b", {"Get": "..."}]}})
                                                            -> Join("/", ("s3://b", {"Get": ...}))
    expression_of({"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Report"},
                                    "Path": "metrics.accuracy.value"}})
                                                            -> JsonGet(PropertyFileRef(...), ...)
    expression_of("literal") / expression_of({"a": 1})     -> None (not an expression)
    step_references(arguments)                              -> {"Train", "Evaluate"}

A Join's values and a JsonGet's path stay as the definition holds them (a literal or another
expression's document): whoever evaluates them parses each in turn, so the one parser is here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

GET = "Get"
JOIN = "Std:Join"
JSON_GET = "Std:JsonGet"
PARAMETERS = "Parameters"
STEPS = "Steps"
EXECUTION = "Execution"
PROPERTY_FILES = "PropertyFiles"


@dataclass(frozen=True)
class Get:
    """`{"Get": "Scope.rest"}`: a parameter, an execution variable or a step's property."""

    reference: Any  # a string in every definition the SDK writes (checked when evaluated)

    @property
    def scope(self) -> str:
        return str(self.reference).partition(".")[0]

    @property
    def rest(self) -> str:
        return str(self.reference).partition(".")[2]

    @property
    def parameter(self) -> str | None:
        """`Parameters.epochs` -> "epochs"; None for another scope."""
        return self.rest if self.scope == PARAMETERS else None

    @property
    def step(self) -> str | None:
        """`Steps.Train.ModelArtifacts...` -> "Train"; None for another scope."""
        return self.rest.partition(".")[0] if self.scope == STEPS else None

    @property
    def path(self) -> str:
        """A step property's path after the step's name (`ModelArtifacts.S3ModelArtifacts`)."""
        return self.rest.partition(".")[2]


@dataclass(frozen=True)
class Join:
    """`{"Std:Join": {"On": ..., "Values": [...]}}`: the values' text joined by `on`."""

    on: Any
    values: tuple[Any, ...]


@dataclass(frozen=True)
class PropertyFileRef:
    """`Steps.<step>.PropertyFiles.<name>`: the property file a JsonGet reads."""

    step: str
    name: str


@dataclass(frozen=True)
class JsonGet:
    """`{"Std:JsonGet": {"PropertyFile": ..., "Path": ...}}`.

    `property_file` is None when the source is not a `Get` of a step's property file (what the
    local runner can't read); `source` keeps it as the definition holds it.
    """

    property_file: PropertyFileRef | None
    path: Any
    source: Any


Expression = Get | Join | JsonGet


def expression_of(value: Any) -> Expression | None:
    """The expression `value` spells, or None when it is a literal or a plain container."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return None
    if set(value) == {GET}:
        return Get(value[GET])
    if set(value) == {JOIN}:
        join = value[JOIN]
        return Join(join["On"], tuple(join["Values"]))
    if set(value) == {JSON_GET}:
        spec = value[JSON_GET]
        source = spec.get("PropertyFile")
        return JsonGet(_property_file(source), spec.get("Path"), source)
    return None


def _property_file(source: Any) -> PropertyFileRef | None:
    get = expression_of(source)
    if not isinstance(get, Get) or get.step is None:
        return None
    kind, _, name = get.path.partition(".")
    if kind != PROPERTY_FILES or not name:
        return None
    return PropertyFileRef(get.step, name)


def expressions(value: Any) -> Iterator[Expression]:
    """Every expression inside `value`, outermost first (a Join's values are searched too)."""
    expression = expression_of(value)
    if isinstance(expression, Join):
        yield expression
        yield from expressions(expression.on)
        for item in expression.values:
            yield from expressions(item)
    elif isinstance(expression, JsonGet):
        yield expression
        yield from expressions(expression.source)
        yield from expressions(expression.path)
    elif expression is not None:
        yield expression
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from expressions(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from expressions(item)


def step_references(value: Any) -> frozenset[str]:
    """The steps whose properties (or property files) `value` reads."""
    return frozenset(
        step
        for expression in expressions(value)
        if isinstance(expression, Get) and (step := expression.step)
    )


def parameter_of(value: Any) -> str | None:
    """`{"Get": "Parameters.X"}` -> "X"; None for anything else."""
    expression = expression_of(value)
    return expression.parameter if isinstance(expression, Get) else None
