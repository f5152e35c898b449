"""Commands that deploy and operate the generated project on AWS (sagebridge.aws)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sagebridge import contract
from sagebridge.cli.app import app, err, name_value_pairs, out
from sagebridge.contract import DEFAULT_CAPTURE_PERCENT
from sagebridge.errors import ChecksFailed, UserError

if TYPE_CHECKING:  # rich.progress is imported by the commands that show progress only
    from sagebridge.cli.render_progress import RichProgress

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
_ENVIRONMENT = typer.Option(
    contract.DEFAULT_ENVIRONMENT, "--environment",
    help=f"Whose resources ({' | '.join(contract.ENVIRONMENTS)}); each has its own names.",
)
_PARAMETERS = typer.Option(
    [], "-p", "--parameter", help="Pipeline parameter NAME=VALUE, repeatable."
)


def _progress(to_stderr: bool = False) -> RichProgress:
    """Progress on stdout, or on stderr when stdout carries a JSON document (`--json`)."""
    from sagebridge.cli.render_progress import RichProgress

    # looked up at call time: tests swap in recording consoles
    return RichProgress(err if to_stderr else out)


@app.command()
def deploy(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    alarm_email: str = typer.Option(
        "", "--alarm-email", help="E-mail address subscribed to the alarm topic (default none)."
    ),
    stack_name: str | None = typer.Option(None, "--stack-name", help="Default: from metadata."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Create or update the CloudFormation stack and wait for it."""
    from sagebridge.aws.deploy import StackSettings
    from sagebridge.aws.deploy import deploy as deploy_stack
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.cli.render_aws import render_deploy
    from sagebridge.serialize import to_json

    project, settings = load_project(out_dir, environment), StackSettings(environment, alarm_email)
    settings.parameters()  # a wrong --environment or --alarm-email fails before any AWS call
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress(json_output))
        result = deploy_stack(project, clients, _progress(json_output), stack_name=stack_name,
                              settings=settings)
    if json_output:
        sys.stdout.write(to_json(result))
    else:
        render_deploy(result, out)


@app.command("upload-data")
def upload_data(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    channels: list[str] = _CHANNELS,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Upload data into the stack's bucket under <pipeline>/data/<channel>/, skipping unchanged
    files; raw=PATH is where the pipeline's InputDataUri reads by default."""
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.aws.upload import parse_channels
    from sagebridge.aws.upload import upload_data as upload
    from sagebridge.cli.render_aws import render_upload

    project, pairs = load_project(out_dir, environment), parse_channels(channels)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress())
        render_upload(upload(project, clients, _progress(), pairs), out)


@app.command()
def execute(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    parameter: list[str] = _PARAMETERS,
    wait: bool = typer.Option(False, "--wait", help="Follow the execution to its end."),
    role: str | None = _ROLE,
    bucket: str | None = typer.Option(
        None, "--bucket", envvar="SAGEBRIDGE_BUCKET",
        help="Bucket the SDK uploads the code to (else $SAGEBRIDGE_BUCKET, else the stack's).",
    ),
    tuning: bool = typer.Option(False, "--tuning", help="Build the pipeline with tuning."),
    spot: bool = typer.Option(False, "--spot", help="Build the pipeline with spot training."),
    gpu: bool = typer.Option(
        False, "--gpu", help="Build the pipeline to train on a GPU instance with the GPU image."
    ),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Upsert the SageMaker pipeline and start an execution."""
    from sagebridge.aws.definition import Variant
    from sagebridge.aws.execute import execute as start
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.cli.render_aws import render_execute

    project, parameters = load_project(out_dir, environment), name_value_pairs(parameter, "-p")
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress())
        result = start(
            project, clients, _progress(), parameters=parameters, role_option=role, wait=wait,
            variant=Variant(tuning=tuning, spot=spot, gpu=gpu), bucket_option=bucket,
        )  # fmt: skip
        render_execute(result, out)


@app.command()
def status(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Latest pipeline executions, model versions (approval, metrics), the endpoint and alarms."""
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.aws.status import status as read_status
    from sagebridge.cli.render_aws import render_status
    from sagebridge.serialize import to_json

    project = load_project(out_dir, environment)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress(json_output))
        report = read_status(project, clients)
    if json_output:
        sys.stdout.write(to_json(report))
    else:
        render_status(report, out)


def _set_approval(
    out_dir: Path,
    environment: str,
    version: int | None,
    approved: bool,
    options: tuple[str | None, str | None, str | None, bool],
) -> None:
    from sagebridge.aws.approval import set_approval
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.cli.render_aws import render_approval
    from sagebridge.project.approval import ApprovalStatus

    project = load_project(out_dir, environment)
    state = ApprovalStatus.APPROVED if approved else ApprovalStatus.REJECTED
    with aws_errors():
        clients = connect(*options, _progress())
        package = set_approval(
            clients, project.names.model_package_group, version, state,
            f"{state} with sagebridge",
        )  # fmt: skip
    render_approval(package, out)


@app.command()
def approve(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    version: int | None = _VERSION,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Approve a model package version (the newest by default)."""
    _set_approval(out_dir, environment, version, True, (region, profile, endpoint_url, dry_run))


@app.command()
def reject(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    version: int | None = _VERSION,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Reject a model package version (the newest by default)."""
    _set_approval(out_dir, environment, version, False, (region, profile, endpoint_url, dry_run))


@app.command()
def endpoint(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
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
    capture_percent: int = typer.Option(
        DEFAULT_CAPTURE_PERCENT, "--capture-percent", min=1, max=100,
        help="Share of requests (and responses) captured to S3 for monitoring, in %.",
    ),
    role: str | None = _ROLE,
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Serve an approved model: deploy, update (A/B split with --variant-weight) or delete."""
    from sagebridge.aws import endpoint as ep
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.cli.render_aws import render_endpoint

    if action not in {"deploy", "update", "delete"}:
        raise UserError(f"endpoint action {action!r}: use deploy, update or delete")
    if variant_weight is not None and action != "update":
        raise UserError("--variant-weight splits traffic on `endpoint OUT update` only")
    project = load_project(out_dir, environment)
    common = {
        "version": version,
        "instance_type": instance_type or ep.DEFAULT_INSTANCE_TYPE,
        "instance_count": instance_count,
        "role_option": role,
        "scaling": ep.Scaling(max_instances=max_instances),
        "capture_percent": capture_percent,
    }
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress())
        if action == "deploy":
            result = ep.deploy_endpoint(project, clients, _progress(), **common)  # type: ignore[arg-type]
        elif action == "update":
            result = ep.update_endpoint(project, clients, _progress(), weight=variant_weight, **common)  # type: ignore[arg-type]
        else:
            result = ep.delete_endpoint(project, clients, _progress())
    render_endpoint(result, out)


@app.command()
def cost(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
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
    from sagebridge.aws.project import load_project
    from sagebridge.cli.render_aws import render_cost
    from sagebridge.serialize import to_json

    project, overrides = load_project(out_dir, environment), name_value_pairs(parameter, "-p")
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
    environment: str = _ENVIRONMENT,
    yes: bool = typer.Option(False, "--yes", help="Delete without asking."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
    dry_run: bool = _DRY_RUN,
) -> None:
    """Delete the endpoint, configs, models, pipeline, bucket contents and the stack."""
    from sagebridge.aws import cleanup as clean
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect
    from sagebridge.cli.render_aws import render_inventory

    project = load_project(out_dir, environment)
    with aws_errors():
        clients = connect(region, profile, endpoint_url, dry_run, _progress())
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
        clean.delete(project, clients, _progress(), found)


@app.command()
def doctor(
    out_dir: Path = _OUT,
    environment: str = _ENVIRONMENT,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
    tuning: bool = typer.Option(False, "--tuning", help="Check the pipeline built with tuning."),
    region: str | None = _REGION,
    profile: str | None = _PROFILE,
    endpoint_url: str | None = _ENDPOINT,
) -> None:
    """Preflight before the first execution: region, credentials, stack, images, quotas, role
    permissions, and CreatePipeline accepting the definition. Exit 1 if a check fails."""
    import json

    from sagebridge.aws.definition import Variant
    from sagebridge.aws.doctor import doctor as run_doctor
    from sagebridge.aws.project import load_project
    from sagebridge.aws.session import aws_errors, connect

    project = load_project(out_dir, environment)
    with aws_errors():
        report = run_doctor(project, connect(region, profile, endpoint_url, False, _progress()),
                            Variant(tuning=tuning))
    if json_output:
        sys.stdout.write(json.dumps(report.as_json(), indent=2) + "\n")
    else:
        for check in report.checks:
            out.print(f"{check.status:<8} {check.name:<16} {check.detail}", markup=False)
    if report.failed:
        failed = [c.name for c in report.checks if c.status == "fail"]
        raise ChecksFailed(f"doctor: {', '.join(failed)} failed")
