"""Which template writes each generated step script: one template per variant, chosen here.

The templates hold their own imports, written as the output has them; the plan only names the
variant (render prints `templates/<name>` as it is).
"""

from __future__ import annotations

from sagebridge.model import MigrationPlan
from sagebridge.model.steps import DatasetPreprocess

PREPROCESS_VARIANTS = "project/code/_preprocess"


def preprocess_template(plan: MigrationPlan) -> str:
    """`project/code/_preprocess/<kind>.py.jinja` for the plan's dataset step (torchvision,
    keras, sklearn_bundled, csv, hub_dataset); "" when there is no dataset to stage
    (preprocess.py is then left out of the project)."""
    preprocess = plan.steps.preprocess if plan.steps is not None else None
    if isinstance(preprocess, DatasetPreprocess):
        kind = preprocess.kind.value
    elif plan.dataset is not None:
        kind = plan.dataset.kind
    else:
        return ""
    return f"{PREPROCESS_VARIANTS}/{kind}.py.jinja"
