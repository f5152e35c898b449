"""The `sagebridge` command line: each command is a few lines over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from sagebridge import __version__
from sagebridge.errors import EXIT_USER_ERROR, ChecksFailed, UserError

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


@app.command()
def analyze(
    src: Path = typer.Argument(..., help="The project folder to analyse (never modified)."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
    entry_point: Optional[str] = typer.Option(
        None, "--entry-point", help="The training script, relative to SRC, if ambiguous."
    ),
) -> None:
    """Read a project and report what a SageMaker migration has to deal with."""
    from sagebridge.analyze import analyze_project
    from sagebridge.analyze.report import render_analysis
    from sagebridge.serialize import to_json

    analysis = analyze_project(src, entry_point=entry_point)
    if json_output:
        sys.stdout.write(to_json(analysis))
    else:
        render_analysis(analysis, out)


def main() -> None:
    """Entry point: user errors print one red line and exit 2; check failures exit 1."""
    try:
        app(standalone_mode=False)
    except UserError as error:
        err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USER_ERROR)
    except ChecksFailed as error:
        if str(error):
            err.print(f"[red]failed:[/red] {error}", highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        err.print("[red]aborted[/red]")
        sys.exit(130)
    except Exception as error:  # click usage errors are ClickException subclasses
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(EXIT_USER_ERROR)
        raise
