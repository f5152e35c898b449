"""The needs-review items of a plan, as the tests compare them."""

from __future__ import annotations

from sagebridge.model import ArtifactStatus, MigrationPlan


def review_items(plan: MigrationPlan) -> list[tuple[str, str, str]]:
    """(step, where, reason) of every artifact that needs review, in the plan's order."""
    assert plan.steps is not None
    return [
        (a.name, a.where, a.reason)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW
    ]
