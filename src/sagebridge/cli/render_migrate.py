"""What `sagebridge migrate` prints for a person (the JSON form is `serialize.to_json`)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sagebridge.migrate import MigrateResult, Verb, needs_review
from sagebridge.model import Artifact, ArtifactStatus

VERB_STYLES = {
    Verb.CREATE: "green",
    Verb.IDENTICAL: "dim",
    Verb.UPDATE: "yellow",
    Verb.REMOVE: "red",
}


def render_result(result: MigrateResult, console: Console) -> None:
    plan = result.plan
    heading = "would write" if result.dry_run else "wrote"
    summary = f"{plan.framework}, entry {plan.entry_point}, {heading} {len(result.files)} files"
    lines = [f"[bold]{escape(result.source)}[/bold] -> {escape(result.out)} ({escape(summary)})"]
    lines += [f"  migrated {escape(c.path)}: {', '.join(c.transforms)}" for c in result.changes]
    channels = ", ".join(f"{name} ({env})" for name, env in plan.channels.items())
    lines += [
        f"  hyperparameters: {', '.join(plan.hyperparameters) or 'none'}",
        f"  channels: {channels or 'none'}",
        f"  metrics: {', '.join(plan.metrics) or 'none'}; objective {plan.objective_metric}"
        + (f" ({plan.objective_direction})" if plan.objective_direction else ""),
    ]
    if plan.gate_note:
        lines.append(f"  [cyan]note[/cyan] {plan.gate_note}")
    for artifact in result.artifacts:
        lines.append(f"  {_artifact_line(artifact)}")
    for action in result.files:
        style = VERB_STYLES[action.verb]
        lines.append(f"  [{style}]{action.verb:>9}[/{style}] {escape(action.path)}")
    lines += [f"  [yellow]warning[/yellow] {escape(warning)}" for warning in result.warnings]
    # The one path to AWS; only items that need review (what to fix first) come after it.
    lines.append("next, on AWS, in this order (scripts/*.sh run the same commands):")
    lines += [f"  {escape(step.line(result.out))}" for step in plan.aws_steps]
    review = needs_review(result)
    if review:
        written = "would be written" if result.dry_run else "is written"
        lines.append(
            f"[yellow]needs review[/yellow]: the project {written}, but {len(review)} "
            f"{'items need' if len(review) > 1 else 'item needs'} you (exit 3):"
        )
        lines += [
            f"  {escape(a.where or a.name)}: {escape(a.reason)} ({escape(a.name)})" for a in review
        ]
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)


ARTIFACT_STYLES = {
    ArtifactStatus.COMPLETE: "green",
    ArtifactStatus.LEFT_OUT: "dim",
    ArtifactStatus.NEEDS_REVIEW: "yellow",
}


def _artifact_line(artifact: Artifact) -> str:
    """`code/evaluate.py: left out (no held-out test set ...)`, `... needs review (train.py:12: ...)`."""
    style = ARTIFACT_STYLES[artifact.status]
    detail = ": ".join(part for part in (artifact.where, artifact.reason) if part)
    suffix = f" ({escape(detail)})" if detail else ""
    return f"[{style}]{artifact.status}[/{style}] {escape(artifact.name)}{suffix}"
