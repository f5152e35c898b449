"""The imports of the user's code the generated steps embed, and what their model reads and
answers.

evaluate.py and inference.py embed the user's model class and test transform: the imports that
code needs are split from it here. Each step's own imports are written in its template.
"""

from __future__ import annotations

import ast

from sagebridge.model import MeasuredKind, MigrationPlan, ModelLoader
from sagebridge.model.datasets import TorchvisionDataset


def split_imports(source: str) -> tuple[tuple[str, ...], str]:
    """Leading import statements (one per line) and the rest of a standalone source."""
    if not source.strip():
        return (), ""
    tree = ast.parse(source)
    lines = source.splitlines()
    imports = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
    rest = [s for s in tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    import_lines = tuple("\n".join(lines[s.lineno - 1 : s.end_lineno]) for s in imports)
    if not rest:
        return import_lines, ""
    first = min([rest[0].lineno, *(d.lineno for d in getattr(rest[0], "decorator_list", []))])
    return import_lines, "\n".join(lines[first - 1 :]).strip("\n")


def is_idx(plan: MigrationPlan) -> bool:
    return plan.dataset is not None and plan.dataset.kind == "torchvision"


def takes_raw_images(plan: MigrationPlan) -> bool:
    """Raw images in, the script's own test transform applied by inference.py."""
    model, dataset = plan.model, plan.dataset
    return (
        is_idx(plan)
        and isinstance(dataset, TorchvisionDataset)
        and bool(dataset.transform)
        and model is not None
        and model.loader is ModelLoader.TORCH
    )


def answers_classes(plan: MigrationPlan) -> bool:
    """A PyTorch model scored as a classifier: it has classes, or its objective is accuracy."""
    model, dataset = plan.model, plan.dataset
    if model is None or model.loader is not ModelLoader.TORCH:
        return False  # scikit-learn's predict already answers classes; xgboost keeps its scores
    has_classes = dataset is not None and dataset.num_classes is not None
    objective_kinds = {m.kind for m in model.measured_metrics if m.name == plan.objective_metric}
    return has_classes or MeasuredKind.ACCURACY in objective_kinds


def merge_imports(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Import lines, deduplicated and sorted within the block (blank line kept last)."""
    lines = {line for group in groups for line in group}
    blank = ("",) if "" in lines else ()
    body = sorted(
        (line for line in lines if line),
        key=lambda line: (line.startswith("from "), line.split()[1].lower(), line),
    )
    return tuple(body) + blank
