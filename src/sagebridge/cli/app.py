"""The typer application and the two consoles every command prints to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text
from typer.main import get_command

from sagebridge import __version__
from sagebridge.cli.coercion import plain_coercion
from sagebridge.errors import UserError


class _Typer(typer.Typer):
    """A typer app whose `str`, `Path` and `bool` parameters are converted without pydantic
    (`coercion.py`). Otherwise as `typer.Typer.__call__`, less its exception hook, which with
    pretty exceptions off prints Python's own traceback, as the default hook does."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        command = get_command(self)
        plain_coercion(command)
        return command(*args, **kwargs)


app = _Typer(
    name="sagebridge",
    help="Move EC2/laptop ML training code onto Amazon SageMaker, and prove it works locally.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character (ESC, newline, BEL, bidi overrides...) written as a
    visible escape (`\\x1b`, `\\n`), so a file name can't move the cursor, recolour the
    terminal or fake a line; bytes that are not UTF-8 (lone surrogates) shown as `\\xe9`."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(char if char.isprintable() or char in keep else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1] if char != "'" else char


class SafeConsole(Console):
    """A rich Console that never writes a control character it did not make itself. Every
    string rich renders (a `print` argument, a table cell) passes through `printable` before
    layout, newlines included: each `print` call is one line. Text built elsewhere (rich `Text`
    objects) is escaped as it renders, as a second line of defence."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or printable(segment.text, keep="\n") == segment.text:
                yield segment
            else:
                yield Segment(printable(segment.text, keep="\n"), segment.style)


err = SafeConsole(stderr=True)
out = SafeConsole()


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
