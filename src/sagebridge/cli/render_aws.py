"""The AWS commands' results, rendered for a person (the CLI prints JSON with `to_json`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sagebridge.aws.cleanup import Inventory
from sagebridge.aws.cost import CostEstimate
from sagebridge.aws.deploy import DeployAction, DeployResult
from sagebridge.aws.endpoint import EndpointResult
from sagebridge.aws.execute import ExecuteResult
from sagebridge.aws.registry import PackageVersion
from sagebridge.aws.status import StatusReport
from sagebridge.aws.upload import INPUT_PARAMETER, ChannelUpload


def render_deploy(result: DeployResult, console: Console) -> None:
    if result.action is DeployAction.UNCHANGED:
        console.print(f"stack {result.stack_name}: no changes ({result.status})")
    elif result.action is DeployAction.PLANNED:
        console.print(f"dry run: stack {result.stack_name} would be created or updated")
        return
    else:
        console.print(f"stack {result.stack_name} {result.action}: {result.status}")
    for key, value in sorted(result.outputs.items()):
        console.print(f"  {key} = {value}", highlight=False, soft_wrap=True)


def render_upload(results: list[ChannelUpload], console: Console) -> None:
    for channel in results:
        counts: dict[str, int] = {}
        for file in channel.files:
            counts[str(file.action)] = counts.get(str(file.action), 0) + 1
        summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items())) or "no files"
        console.print(f"{channel.channel}: {channel.uri}  ({summary})", highlight=False)
        if channel.read_by_default:
            console.print(f"  the pipeline's {INPUT_PARAMETER} reads it by default", highlight=False)
        else:
            console.print(
                f"  the pipeline reads it with: sagebridge execute ... -p {INPUT_PARAMETER}={channel.uri}",
                highlight=False, soft_wrap=True)


def render_execute(result: ExecuteResult, console: Console) -> None:
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}", highlight=False, soft_wrap=True)
    if result.status:
        console.print(f"execution {result.execution_arn}: {result.status}", highlight=False)


def render_status(report: StatusReport, console: Console) -> None:
    executions = Table(title=f"pipeline {report.pipeline} ({report.region}): latest executions")
    for column in ("execution", "status", "started", "failure"):
        executions.add_column(column)
    for e in report.executions:
        executions.add_row(e.arn.rsplit("/", 1)[-1], e.status, e.started, e.failure_reason)
    console.print(executions if report.executions else f"pipeline {report.pipeline}: no executions")
    versions = Table(title=f"model package group {report.model_package_group}")
    for column in ("version", "approval", "created", "metrics"):
        versions.add_column(column)
    for v in report.versions:
        metrics = ", ".join(f"{k}={value:g}" for k, value in v.metrics.items()) or v.metrics_note
        versions.add_row(str(v.version), v.approval_status, v.created, metrics)
    console.print(
        versions if report.versions else f"{report.model_package_group}: no model versions yet"
    )
    console.print(f"endpoint {report.endpoint}: {report.endpoint_status or 'not deployed'}")
    if not report.alarms:
        console.print(f"alarms: none found in {report.region} (deploy the stack to create them)")
        return
    alarms = Table(title="alarms")
    for column in ("alarm", "state", "reason"):
        alarms.add_column(column)
    for a in report.alarms:
        alarms.add_row(a.name, a.state, a.reason)
    console.print(alarms)


def render_approval(package: PackageVersion, console: Console) -> None:
    console.print(f"version {package.version} ({package.arn}): {package.approval_status}")


def render_endpoint(result: EndpointResult, console: Console) -> None:
    if result.action == "absent":
        console.print(f"endpoint {result.endpoint}: nothing to delete")
        return
    console.print(f"endpoint {result.endpoint} {result.action} {result.status}".rstrip())
    if result.config:
        console.print(f"  config {result.config} (data capture on)")
    for v in result.variants:
        console.print(
            f"  variant {v.name}: model {v.model}, {v.instance_count} x {v.instance_type}, "
            f"weight {v.weight:g}",
            highlight=False,
        )


def render_cost(estimate: CostEstimate, console: Console) -> None:
    console.print(
        f"Prices: {estimate.currency}, On-Demand, region {estimate.prices_region}, "
        f"table dated {estimate.prices_as_of} ({estimate.source})",
        highlight=False,
    )
    table = Table(title="one pipeline run")
    for column in ("step", "type", "instances", "minutes", "duration from", "on-demand", "spot"):
        table.add_column(column)
    for s in estimate.steps:
        instances = f"{s.instance_count} x {s.instance_type}" + (
            f" x {s.jobs} jobs" if s.jobs > 1 else ""
        )
        table.add_row(
            s.step,
            s.kind,
            instances,
            f"{s.minutes:.1f}",
            s.duration_source,
            "not in table" if s.on_demand is None else f"${s.on_demand:.4f}",
            "n/a" if s.spot_floor is None else f">= ${s.spot_floor:.4f}",
        )
    console.print(table)
    console.print(
        f"run total: ${estimate.run_on_demand:.4f} on-demand; with spot training at most "
        f"${estimate.run_on_demand:.4f} and at least ${estimate.run_spot_floor:.4f}",
        highlight=False,
    )
    if estimate.endpoint_monthly is None:
        console.print(f"endpoint: {estimate.endpoint_instance_type} is not in the price table")
    else:
        console.print(
            f"endpoint: {estimate.endpoint_instance_count} x {estimate.endpoint_instance_type} "
            f"at ${estimate.endpoint_hourly}/h x {estimate.hours_per_month:g} h = "
            f"${estimate.endpoint_monthly:.2f} per month",
            highlight=False,
        )
    for item in estimate.unpriced:
        console.print(f"[yellow]not priced:[/yellow] {item}", highlight=False)
    console.print(f"[dim]{estimate.spot_note}[/dim]")
    for note in estimate.notes:
        console.print(f"[dim]note: {note}[/dim]", highlight=False)


def render_inventory(found: Inventory, console: Console) -> None:
    for line in found.lines():
        console.print(f"  {line}", highlight=False)
    for line in found.retained:
        console.print(f"  [dim]kept (DeletionPolicy: Retain): {line}[/dim]", highlight=False)
