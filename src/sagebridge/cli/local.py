"""Commands that run the generated project on this machine: run, models, serve, invoke."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from sagebridge.cli.app import app, err, name_value_pairs, out
from sagebridge.errors import ChecksFailed, UserError

_LOCAL_OUT = typer.Argument(..., help="The generated project (sagebridge migrate's OUT).")
_LOCAL_GROUP = typer.Option(None, "--group", help="Model package group, if there are several.")
_LOCAL_HOST = typer.Option("127.0.0.1", "--host", help="Interface of the local endpoint.")
_LOCAL_SAMPLE = typer.Argument(
    ..., help="A .json, .csv or .npy request body, or an image (a PNG digit for MNIST)."
)


@app.command()
def run(
    out_dir: Path = typer.Argument(..., help="The project folder `sagebridge migrate` wrote."),
    local: bool = typer.Option(
        False, "--local", help="Run on this machine: no Docker, no AWS (required for now)."
    ),
    parameter: list[str] = typer.Option(
        [], "-p", "--parameter", help="Override a pipeline parameter: NAME=VALUE (repeatable)."
    ),
    data: list[str] = typer.Option(
        [], "--data", help="Stage your data for an input: NAME=PATH_OR_URI (repeatable)."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Run every step, reuse nothing."),
    tuning: bool = typer.Option(False, "--tuning", help="Build the pipeline with its tuning step."),
    processes: int = typer.Option(
        1, "--processes", min=1,
        help="CPU processes for a torchrun training step (SageMaker starts one per GPU).",
    ),
) -> None:
    """Run the generated SageMaker pipeline locally, step by step, under the container contract."""
    from sagebridge.cli.render_local import LiveView, print_summary
    from sagebridge.local.run.records import RunStatus, summary_document
    from sagebridge.local.run.runner import RunOptions, run_project
    from sagebridge.serialize import to_json

    if not local:
        raise UserError("only local runs exist: add --local (scripts/run_pipeline.sh runs on AWS)")

    options = RunOptions(
        out=out_dir,
        parameters=name_value_pairs(parameter, "-p"),
        data=name_value_pairs(data, "--data"),
        use_cache=not no_cache,
        processes=processes,
    )
    if json_output:
        summary = run_project(out_dir, options, tuning=tuning)
        sys.stdout.write(to_json(summary_document(summary)))
    else:
        view = LiveView(err)
        options.progress = view
        view.start()
        try:
            summary = run_project(out_dir, options, tuning=tuning)
        finally:
            view.stop()
        print_summary(out, summary)
    for warning in summary.warnings:  # stderr: stdout stays one JSON document with --json
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    if summary.status == RunStatus.INTERRUPTED:
        # The summary is printed and kept (last-run.json); the interrupt goes on to main(),
        # which exits 130 for it as for every command.
        raise KeyboardInterrupt
    if summary.status != RunStatus.SUCCEEDED:
        raise ChecksFailed("")  # the summary above says what failed; exit 1


@app.command()
def models(
    out_dir: Path = _LOCAL_OUT,
    group: str | None = _LOCAL_GROUP,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """List the model versions the local pipeline registered."""
    from sagebridge.cli.render_local import render_packages
    from sagebridge.local.registry import packages_document, registry_for
    from sagebridge.serialize import to_json

    packages = registry_for(out_dir).list(group)
    if json_output:
        sys.stdout.write(to_json(packages_document(packages, out_dir)))
    else:
        render_packages(packages, out_dir, out)


@app.command()
def serve(
    out_dir: Path = _LOCAL_OUT,
    model_version: int | None = typer.Option(
        None, "--model-version", help="Serve this version (default: the latest approved)."
    ),
    group: str | None = _LOCAL_GROUP,
    port: int = typer.Option(8080, "--port", min=0, max=65535, help="0 picks a free port."),
    host: str = _LOCAL_HOST,
    max_extract_mb: int | None = typer.Option(
        None,
        "--max-extract-mb",
        min=1,
        help="Refuse a model.tar.gz that expands beyond this (default: 20x its size, >= 256 MB).",
    ),
) -> None:
    """Serve a registered model with SageMaker's endpoint contract, until Ctrl-C."""
    from sagebridge.local.registry import choose_package, registry_for
    from sagebridge.local.serve.commands import serve_package

    package = choose_package(registry_for(out_dir), group, model_version)
    serve_package(
        package,
        out=out_dir,
        host=host,
        port=port,
        say=print_now,
        log=sys.stderr,
        max_extract_bytes=max_extract_mb * 1024 * 1024 if max_extract_mb else None,
    )


def print_now(line: str) -> None:
    # Lines name paths and URLs, the user's text: print them as they are, not as rich markup.
    out.print(escape(line), highlight=False, soft_wrap=True)
    out.file.flush()


@app.command()
def invoke(
    out_dir: Path = _LOCAL_OUT,
    sample: Path = _LOCAL_SAMPLE,
    port: int | None = typer.Option(
        None, "--port", help="Default: where `sagebridge serve OUT` listens, else 8080."
    ),
    host: str = _LOCAL_HOST,
    content_type: str | None = typer.Option(
        None, "--content-type", help="Default: from the suffix; images are sent as JSON."
    ),
    accept: str = typer.Option("application/json", "--accept", help="Response content type."),
) -> None:
    """Send a sample to the local endpoint and print its answer."""
    from sagebridge.local.serve.commands import invoke_sample

    sys.stdout.write(
        invoke_sample(
            out_dir, sample, host=host, port=port, content_type=content_type, accept=accept
        )
    )
