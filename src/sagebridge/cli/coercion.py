"""Command-line values of the plain types without pydantic.

Newer typers (with `typer._coercion`) convert every parameter's value through a pydantic
`TypeAdapter` built on first use, even a flag's or an option's that was not given: importing
pydantic and building the adapters of one command costs ~0.09 s CPU, an eighth of
`sagebridge migrate`. For a `str` or `Path` parameter given as text (what a command line and an
environment variable hold) that conversion is the text itself or `Path(text)` followed by
typer's own path checks (`coerce_cli_path`); for a `bool` given as a bool, the bool; for a value
not given, None. `plain_coercion` gives those parameters that, and leaves every other value (and
every other parameter) to typer's own coercion, built when first needed. Older typers (click's
own types, no pydantic) are left as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class _PlainValue:
    """typer's runtime-parameter contract (`coerce(value, param=, ctx=)`) for one `str`,
    `Path` or `bool` parameter taking one value."""

    def __init__(self, descriptor: Any, kind: type) -> None:
        self.descriptor = descriptor
        self.kind = kind  # str, bool or the Path class of the annotation
        self._typer: Any = None  # typer's own coercion, for any other value

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # not given, no default: as typer's RuntimeParam.coerce
            return None
        if self.kind is bool:
            if isinstance(value, bool):
                return value
        elif type(value) is str:  # a subclass goes to typer, as any other value
            if self.kind is str:
                return value
            return self._path(value, param, ctx)
        return self._typers().coerce(value, param=param, ctx=ctx)

    def _path(self, value: str, param: Any, ctx: Any) -> Any:
        from typer._param_types import coerce_cli_path

        return coerce_cli_path(
            self.kind(value),
            self.descriptor.parameter_info,
            path_type=self.kind,
            param=param,
            ctx=ctx,
        )

    def _typers(self) -> Any:
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        return self._typer


def plain_coercion(command: Any) -> int:
    """Give every `str`, `Path` and `bool` parameter of `command` (the click command or group
    `typer.main.get_command` builds) and of its subcommands the plain coercion; returns how
    many were given it."""
    try:
        from typer._click import Context
        from typer._param_types import routes_to_path
        from typer.core import _TyperParameter
    except ImportError:  # a typer without pydantic coercion
        return 0
    try:
        return _give_plain_coercion(command, Context, routes_to_path, _TyperParameter)
    except (AttributeError, TypeError):  # a typer whose internals moved: its own coercion
        return 0


def _give_plain_coercion(
    command: Any, context_class: Any, routes_to_path: Any, typer_parameter: Any
) -> int:
    given = 0
    for param in _parameters(command, context_class):
        if not isinstance(param, typer_parameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        annotation = descriptor.annotation
        if (
            param.multiple
            or param.nargs != 1
            or descriptor.file_annotation is not None
            or info.parser is not None
        ):
            continue
        plain = annotation is str or annotation is bool
        path = (
            isinstance(annotation, type)
            and issubclass(annotation, Path)
            and info.path_type is None
            and routes_to_path(annotation, info)
        )
        if plain or path:
            param._runtime_param = _PlainValue(descriptor, annotation)  # type: ignore[assignment]
            given += 1
    return given


def _parameters(command: Any, context_class: Any, parent: Any = None) -> list[Any]:
    """The parameters of `command` and its subcommands, with the `--help` option each builds
    on first use (from a context made as `make_context` makes it: the command's settings)."""
    context = context_class(command, parent=parent, **command.context_settings)
    found = [*command.params, command.get_help_option(context)]
    for sub in getattr(command, "commands", {}).values():
        found += _parameters(sub, context_class, context)
    return [param for param in found if param is not None]
