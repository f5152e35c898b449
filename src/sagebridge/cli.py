"""The `sagebridge` command line: each command is a few lines over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

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
    entry_point: str | None = typer.Option(
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


# ---- AWS: deploy and operate the generated project (sagebridge.aws) ---------------------------

_REGION = typer.Option(None, "--region", help="AWS region (default: the profile's or env's).")
_PROFILE = typer.Option(None, "--profile", help="AWS profile from ~/.aws/config.")
_ENDPOINT = typer.Option(
    None, "--endpoint-url", help="Send every AWS call here (a VPC endpoint, or moto on loopback)."
)
_DRY_RUN = typer.Option(
    False, "--dry-run", help="Print the AWS calls instead of making them (no credentials needed)."
)
_OUT = typer.Argument(..., help="The generated project (sagebridge migrate's OUT).")
_ROLE = typer.Option(
    None, "--role", help="Execution role ARN (else $SAGEBRIDGE_ROLE_ARN, the stack, the SDK)."
)
_VERSION = typer.Option(None, "--version", help="Model package version (default: the newest).")
_CHANNELS = typer.Argument(..., help="CHANNEL=PATH (a file or a folder), repeatable.")
_DURATIONS = typer.Option(
    None, "--durations", help="A `run --local --json` document (default: OUT/.sagebridge)."
)
_PARAMETERS = typer.Option(
    [], "-p", "--parameter", help="Pipeline parameter NAME=VALUE, repeatable."
)


@app.command()
def deploy(
    out_dir: Path = _OUT,
    stack_name: str | None = typer.Option(None, "--stack-name", help="Default: from metadata."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Create or update the CloudFormation stack and wait for it."""
    from sagebridge.aws.deploy import deploy as deploy_stack
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_deploy
    from sagebridge.aws.session import aws_errors, connect

    project = load_project(out_dir)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, out)
        render_deploy(deploy_stack(project, clients, out, stack_name=stack_name), out)


@app.command("upload-data")
def upload_data(
    out_dir: Path = _OUT,
    channels: list[str] = _CHANNELS,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Upload data into the stack's bucket under data/<channel>/, skipping unchanged files."""
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_upload
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.aws.upload import parse_channels
    from sagebridge.aws.upload import upload_data as upload

    project, pairs = load_project(out_dir), parse_channels(channels)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, out)
        render_upload(upload(project, clients, out, pairs), out)


@app.command()
def execute(
    out_dir: Path = _OUT,
    parameter: list[str] = _PARAMETERS,
    wait: bool = typer.Option(False, "--wait", help="Follow the execution to its end."),
    role: str | None = _ROLE,
    tuning: bool = typer.Option(False, "--tuning", help="Build the pipeline with tuning."),
    spot: bool = typer.Option(False, "--spot", help="Build the pipeline with spot training."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Upsert the SageMaker pipeline and start an execution."""
    from sagebridge.aws.definition import Variant
    from sagebridge.aws.execute import execute as start
    from sagebridge.aws.execute import parse_parameters
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_execute
    from sagebridge.aws.session import aws_errors, connect

    project, parameters = load_project(out_dir), parse_parameters(parameter)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, out)
        result = start(
            project, clients, out, parameters=parameters, role_option=role, wait=wait,
            variant=Variant(tuning=tuning, spot=spot),
        )  # fmt: skip
        render_execute(result, out)


@app.command()
def status(
    out_dir: Path = _OUT,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Latest pipeline executions and model versions with approval status and metrics."""
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_status
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.aws.status import status as read_status
    from sagebridge.serialize import to_json

    project = load_project(out_dir)
    with aws_errors():
        report = read_status(project, connect(region, profile, endpoint_url, dry_run, out))
    if json_output:
        sys.stdout.write(to_json(report))
    else:
        render_status(report, out)


def _set_approval(
    out_dir: Path,
    version: int | None,
    approved: bool,
    options: tuple[str | None, str | None, str | None, bool],
) -> None:
    from sagebridge.aws.approval import set_approval
    from sagebridge.aws.project import load_project
    from sagebridge.aws.registry import Approval
    from sagebridge.aws.render import render_approval
    from sagebridge.aws.session import aws_errors, connect

    project = load_project(out_dir)
    state = Approval.APPROVED if approved else Approval.REJECTED
    with aws_errors():
        clients = connect(*options, out)
        package = set_approval(
            clients, project.names.model_package_group, version, state,
            f"{state} with sagebridge",
        )  # fmt: skip
    render_approval(package, out)


@app.command()
def approve(
    out_dir: Path = _OUT,
    version: int | None = _VERSION,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Approve a model package version (the newest by default)."""
    _set_approval(out_dir, version, True, (region, profile, endpoint_url, dry_run))


@app.command()
def reject(
    out_dir: Path = _OUT,
    version: int | None = _VERSION,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Reject a model package version (the newest by default)."""
    _set_approval(out_dir, version, False, (region, profile, endpoint_url, dry_run))


@app.command()
def endpoint(
    out_dir: Path = _OUT,
    action: str = typer.Argument(..., help="deploy | update | delete"),
    version: int | None = typer.Option(
        None, "--version", help="Approved model package version (default: the newest approved)."
    ),
    instance_type: str | None = typer.Option(None, "--instance-type", help="Default ml.m5.large."),
    instance_count: int = typer.Option(1, "--instance-count", min=1),
    variant_weight: float | None = typer.Option(
        None, "--variant-weight", help="update: the new version's traffic share in (0, 1] (A/B)."
    ),
    max_instances: int = typer.Option(2, "--max-instances", min=1, help="Auto-scaling ceiling."),
    role: str | None = _ROLE,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Serve an approved model: deploy, update (A/B split with --variant-weight) or delete."""
    from sagebridge.aws import endpoint as ep
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_endpoint
    from sagebridge.aws.session import aws_errors, connect

    if action not in {"deploy", "update", "delete"}:
        raise UserError(f"endpoint action {action!r}: use deploy, update or delete")
    if variant_weight is not None and action != "update":
        raise UserError("--variant-weight splits traffic on `endpoint OUT update` only")
    project = load_project(out_dir)
    common = {
        "version": version,
        "instance_type": instance_type or ep.DEFAULT_INSTANCE_TYPE,
        "instance_count": instance_count,
        "role_option": role,
        "scaling": ep.Scaling(max_instances=max_instances),
    }
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, out)
        if action == "deploy":
            result = ep.deploy_endpoint(project, clients, out, **common)  # type: ignore[arg-type]
        elif action == "update":
            result = ep.update_endpoint(project, clients, out, weight=variant_weight, **common)  # type: ignore[arg-type]
        else:
            result = ep.delete_endpoint(project, clients, out)
    render_endpoint(result, out)


@app.command()
def cost(
    out_dir: Path = _OUT,
    parameter: list[str] = _PARAMETERS,
    tuning: bool = typer.Option(False, "--tuning", help="Price the pipeline built with tuning."),
    instance_type: str | None = typer.Option(
        None, "--instance-type", help="Endpoint instance type (default ml.m5.large)."
    ),
    instance_count: int = typer.Option(1, "--instance-count", min=1),
    durations: Path | None = _DURATIONS,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Estimate one pipeline run and a month of the endpoint from a dated price table."""
    from sagebridge.aws.cost import estimate
    from sagebridge.aws.definition import Variant, offline_definition
    from sagebridge.aws.endpoint import DEFAULT_INSTANCE_TYPE
    from sagebridge.aws.execute import parse_parameters
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_cost
    from sagebridge.serialize import to_json

    project, overrides = load_project(out_dir), parse_parameters(parameter)
    definition = offline_definition(project, Variant(tuning=tuning))
    result = estimate(
        project, definition, overrides=overrides,
        endpoint_instance_type=instance_type or DEFAULT_INSTANCE_TYPE,
        endpoint_instance_count=instance_count, durations=durations,
    )  # fmt: skip
    if json_output:
        sys.stdout.write(to_json(result))
    else:
        render_cost(result, out)


@app.command()
def cleanup(
    out_dir: Path = _OUT,
    yes: bool = typer.Option(False, "--yes", help="Delete without asking."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Delete the endpoint, configs, models, pipeline, bucket contents and the stack."""
    from sagebridge.aws import cleanup as clean
    from sagebridge.aws.project import load_project
    from sagebridge.aws.render import render_inventory
    from sagebridge.aws.session import aws_errors, connect

    project = load_project(out_dir)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, out)
        found = clean.inventory(project, clients)
        if found.is_empty():
            out.print(f"nothing of {project.names.project} found in {clients.region}")
            return
        out.print(f"will delete, in {clients.region}:")
        render_inventory(found, out)
        if not (yes or dry_run):
            if not sys.stdin.isatty():
                raise UserError("refusing to delete without confirmation (no terminal): pass --yes")
            typer.confirm("delete all of this?", abort=True)
        clean.delete(project, clients, out, found)


@app.command()
def validate(
    out_dir: Path = typer.Argument(..., help="A project generated by `sagebridge migrate`."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Run cfn-lint, checkov, IAM, Python, shell, name and pipeline checks and the tests."""
    from sagebridge.serialize import to_json
    from sagebridge.validate import validate_project
    from sagebridge.validate.render import render_report

    report = validate_project(out_dir)
    if json_output:
        sys.stdout.write(to_json(report))
    else:
        render_report(report, out)
    if not report.passed:
        failed = [c.name for c in report.checks if c.status == "failed"]
        raise ChecksFailed("" if json_output else f"{', '.join(failed)} found problems")


@app.command()
def migrate(
    src: Path = typer.Argument(..., help="The project folder to migrate (never modified)."),
    out_dir: Path = typer.Option(..., "-o", "--out", help="Folder to write; must not exist."),
    force: bool = typer.Option(False, "--force", help="Replace OUT if it exists."),
    entry_point: str | None = typer.Option(
        None, "--entry-point", help="The training script, relative to SRC, if ambiguous."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; write nothing."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Rewrite the training script for SageMaker and write the project around it into OUT."""
    from sagebridge.migrate import migrate_project, render_result
    from sagebridge.serialize import to_json

    result = migrate_project(src, out_dir, force=force, entry_point=entry_point, dry_run=dry_run)
    if json_output:
        sys.stdout.write(to_json(result))
    else:
        render_result(result, out)


# ---- local models: the registry and a local endpoint (sagebridge.local) -----------------------

_LOCAL_OUT = typer.Argument(..., help="The generated project (sagebridge migrate's OUT).")
_LOCAL_GROUP = typer.Option(None, "--group", help="Model package group, if there are several.")
_LOCAL_HOST = typer.Option("127.0.0.1", "--host", help="Interface of the local endpoint.")
_LOCAL_SAMPLE = typer.Argument(
    ..., help="A .json, .csv or .npy request body, or an image (a PNG digit for MNIST)."
)


@app.command()
def models(
    out_dir: Path = _LOCAL_OUT,
    group: str | None = _LOCAL_GROUP,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """List the model versions the local pipeline registered."""
    from sagebridge.local.registry import packages_document, registry_for, render_packages
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
) -> None:
    """Serve a registered model with SageMaker's endpoint contract, until Ctrl-C."""
    from sagebridge.local.endpoint import serve_package
    from sagebridge.local.registry import choose_package, registry_for

    package = choose_package(registry_for(out_dir), group, model_version)
    serve_package(package, out=out_dir, host=host, port=port, say=print_now)


def print_now(line: str) -> None:
    out.print(line, highlight=False, soft_wrap=True)
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
    from sagebridge.local.endpoint import invoke_sample

    sys.stdout.write(
        invoke_sample(
            out_dir, sample, host=host, port=port, content_type=content_type, accept=accept
        )
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
) -> None:
    """Run the generated SageMaker pipeline locally, step by step, under the container contract."""
    from sagebridge.local.runner import RunOptions, RunStatus, run_project, summary_document
    from sagebridge.local.view import LiveView, print_summary
    from sagebridge.serialize import to_json

    if not local:
        raise UserError("only local runs exist: add --local (scripts/run_pipeline.sh runs on AWS)")

    def pairs(values: list[str], option: str) -> dict[str, str]:
        parsed = {}
        for value in values:
            name, sep, rest = value.partition("=")
            if not sep or not name:
                raise UserError(f"{option} {value}: expected NAME=VALUE")
            parsed[name] = rest
        return parsed

    options = RunOptions(
        out=out_dir,
        parameters=pairs(parameter, "-p"),
        data=pairs(data, "--data"),
        use_cache=not no_cache,
    )
    if json_output:
        summary = run_project(out_dir, options, tuning=tuning)
        sys.stdout.write(to_json(summary_document(summary)))
    else:
        view = LiveView(err)
        options.observer = view
        view.start()
        try:
            summary = run_project(out_dir, options, tuning=tuning)
        finally:
            view.stop()
        print_summary(out, summary)
    if summary.status != RunStatus.SUCCEEDED:
        raise ChecksFailed("")  # the summary above says what failed; exit 1


def main() -> None:
    """Entry point: user errors print one red line and exit 2; check failures exit 1."""
    try:
        app(standalone_mode=False)
    except UserError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USER_ERROR)
    except ChecksFailed as error:
        if str(error):
            err.print(f"[red]failed:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
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
