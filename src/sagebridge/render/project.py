"""Render the SageMaker project around the migrated code from `templates/project/`."""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import MigrationPlan
from sagebridge.plan.docs import project_values
from sagebridge.plan.iam import infrastructure_values
from sagebridge.render import render_tree


def render_project(plan: MigrationPlan) -> dict[str, str]:
    """Every generated file except the migrated user code: {relative path: text}."""
    context = {
        "plan": plan,
        "names": plan.names,
        "contract": contract,
        "infra": infrastructure_values(plan.names, plan.framework),
        "project": project_values(plan),
    }
    skip = frozenset(plan.steps.left_out_files if plan.steps is not None else ())
    return render_tree("project", context, skip)
