"""The typer application and the two consoles every command prints to."""

from __future__ import annotations

import typer
from rich.console import Console

from sagebridge import __version__
from sagebridge.errors import UserError

app = typer.Typer(
    name="sagebridge",
    help="Move EC2/laptop ML training code onto Amazon SageMaker, and prove it works locally.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        out.print(f"sagebridge {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Move EC2/laptop ML training code onto Amazon SageMaker, and prove it works locally."""


def name_value_pairs(values: list[str], option: str) -> dict[str, str]:
    """Repeated `-p NAME=VALUE` / `--data NAME=PATH` options as a dict; a malformed one is a
    user error naming the option."""
    parsed: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise UserError(f"{option} {value!r}: expected NAME=VALUE, e.g. {option} epochs=2")
        parsed[name] = rest
    return parsed
