"""`plain_coercion` gives every command's `str`, `Path` and `bool` parameters the values typer's
own (pydantic) coercion gives, errors included, and leaves the other parameters to typer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.core as typer_core
from typer._click import Context
from typer._click.exceptions import ClickException
from typer._coercion import build_runtime_param
from typer.main import get_command

from sagebridge.cli import app
from sagebridge.cli.coercion import _parameters, _PlainValue, plain_coercion


def _outcome(coerce: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", coerce(value, param=param, ctx=ctx)
    except (ClickException, ValueError, TypeError) as error:  # compared by type and message
        return type(error).__name__, str(error)


def test_every_plain_parameter_converts_as_typer_does(tmp_path: Path) -> None:
    existing = tmp_path / "a file"
    existing.write_text("x")
    values: list[Any] = [None, "", "x", "a b/c.py", "-", "~/d", "./e/", str(existing), "é\x1b",
                         True, False, 0, 3, 2.5, b"bytes", Path("p"), ["a"]]  # fmt: skip
    command = get_command(app)
    given = plain_coercion(command)
    params = [p for p in _parameters(command, Context) if isinstance(p, typer_core._TyperParameter)]
    plain = [p for p in params if isinstance(p._runtime_param, _PlainValue)]
    assert given == len(plain)
    kinds = {p._runtime_param.kind for p in plain}
    assert {str, bool, Path} <= kinds  # the three kinds, and `--help` among the bools
    assert any(p.name == "help" for p in plain)
    ctx = Context(command)
    for param in plain:
        reference = build_runtime_param(param.type_descriptor)  # typer's own, with pydantic
        for value in values:
            ours = _outcome(param._runtime_param.coerce, value, param, ctx)
            theirs = _outcome(reference.coerce, value, param, ctx)
            assert ours == theirs, (param.name, value)


def test_other_parameters_are_left_to_typer() -> None:
    command = get_command(app)
    plain_coercion(command)
    left = [
        p
        for p in _parameters(command, Context)
        if isinstance(p, typer_core._TyperParameter) and p._runtime_param is None
    ]
    assert left  # int, float and repeated options exist among the commands
    assert all(
        p.type_descriptor.annotation not in (str, bool, Path) or p.multiple or p.nargs != 1
        for p in left
    )
    port = next(p for p in left if p.type_descriptor.annotation is int)
    assert port.get_runtime_param().coerce("8080", param=port, ctx=Context(command)) == 8080


def test_a_typer_whose_internals_moved_keeps_its_own_coercion() -> None:
    class MovedCommand:  # a click command as a future typer might build it: no context_settings
        params = ()

    assert plain_coercion(MovedCommand()) == 0
