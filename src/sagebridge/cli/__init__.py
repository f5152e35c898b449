"""The `sagebridge` command line: each command is a few lines over the library.

Commands live beside this file by stage, registered on one typer app in the order of the flow:
`project.py` (analyze, migrate, validate), `local.py` (run, models, serve, invoke) and
`aws.py` (deploy ... cleanup).
"""

from __future__ import annotations

import signal
import sys

from sagebridge.cli.startup import in_cli_process, loading

EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


def _forget_the_interrupt() -> None:
    """CPython 3.11 remembers a KeyboardInterrupt that passed through an `exec` of a string
    (dataclasses and namedtuple build methods that way at import) and then ends the process
    with SIGINT instead of our exit code, although we handled it: clear that flag."""
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (ImportError, ValueError, AttributeError):  # another Python: nothing to clear
        pass


try:  # Ctrl-C while the CLI loads (typer, rich, the commands) exits like one during a command
    with loading():
        import typer
        from rich.markup import escape

        from sagebridge.cli.app import app, err
        from sagebridge.errors import EXIT_USER_ERROR, ChecksFailed, UserError

        # Importing a command module registers its commands; this order is `--help`'s.
        # isort: off
        from sagebridge.cli import project  # noqa: F401
        from sagebridge.cli import local  # noqa: F401
        from sagebridge.cli import aws  # noqa: F401

        # isort: on
except KeyboardInterrupt:
    sys.stderr.write("interrupted\n")
    _forget_the_interrupt()
    raise SystemExit(EXIT_INTERRUPTED) from None

__all__ = ["app", "main"]


def _interrupted(error: BaseException) -> bool:
    """True when a Ctrl-C is what went wrong: Python turns a KeyboardInterrupt raised inside
    some machinery (a class body's `__set_name__` while a module imports) into another error
    whose context is the interrupt."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _usage_errors() -> tuple[type[Exception], ...]:
    """click's usage-error base class, and the copy of click that newer typers ship inside
    (`typer._click`): a missing option raised from there is not a `click.ClickException`."""
    import click

    found: list[type[Exception]] = [click.ClickException]
    try:
        from typer._click.exceptions import ClickException as TyperClickException
    except ImportError:  # a typer that uses click itself
        return tuple(found)
    return (*found, TyperClickException)


def main() -> None:
    """Entry point: user errors print one red line and exit 2; check failures exit 1; an
    interrupt (Ctrl-C) prints one line and exits 130 from every command."""
    in_cli_process()
    try:
        code = app(standalone_mode=False)  # typer returns 130 for a KeyboardInterrupt
    except KeyboardInterrupt:  # raised outside the command (import, option parsing)
        code = EXIT_INTERRUPTED
    except UserError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USER_ERROR)
    except ChecksFailed as error:
        if str(error):
            err.print(f"[red]failed:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        code = EXIT_INTERRUPTED
    except Exception as error:  # click usage errors are ClickException subclasses
        if isinstance(error, _usage_errors()):
            error.show()  # type: ignore[attr-defined]  # both classes have show()
            sys.exit(EXIT_USER_ERROR)
        if not _interrupted(error):
            raise
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        err.print("[red]interrupted[/red]", highlight=False)
        _forget_the_interrupt()
    # The outcome is decided: a Ctrl-C while the interpreter shuts down must not kill the
    # process with SIGINT instead of this exit code.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # In non-standalone mode typer returns a `typer.Exit` code instead of exiting.
    sys.exit(code if isinstance(code, int) else 0)
