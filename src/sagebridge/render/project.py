"""Render the SageMaker project around the migrated code from `templates/project/`."""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import MigrationPlan, TemplateValues
from sagebridge.render import render_tree


def render_project(plan: MigrationPlan, values: TemplateValues) -> dict[str, str]:
    """Every generated file except the migrated user code: {relative path: text}.

    `values` (plan.docs.template_values) holds everything the templates print beyond the plan's
    own records, computed before rendering starts: render only prints.
    """
    context = {
        "plan": plan,
        "names": plan.names,
        "contract": contract,
        "infra": values.infra,
        "project": values.project,
    }
    skip = frozenset(plan.steps.left_out_files if plan.steps is not None else ())
    return render_tree("project", context, skip)
