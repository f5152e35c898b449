"""Checkpoint the epoch loop: what state to save (model, optimizer, scheduler) and where.

The state is what the loop's function (or module) assigns before the loop: an instance of a
project model class, an optimizer (`optim.*`), a learning-rate scheduler (`lr_scheduler.*`,
`*LR`). Only names bound on every path count: one assigned under an `if` (an optimizer that
exists only when a flag is set) is left out. Without a model there is nothing to resume, so no
checkpoints are planned.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from sagebridge.model import Analysis, CheckpointPlan
from sagebridge.plan.saves import enclosing_function

ROLES = ("model", "optimizer", "scheduler")


def _role(value: ast.expr, model_classes: set[str]) -> str | None:
    for node in ast.walk(value):
        if not isinstance(node, ast.Call):
            continue
        callee = ast.unparse(node.func)
        last = callee.rsplit(".", 1)[-1]
        if last in model_classes:
            return "model"
        if "lr_scheduler" in callee or last.endswith(("LR", "Scheduler", "OnPlateau")):
            return "scheduler"
        if callee.startswith(("optim.", "torch.optim.")):
            return "optimizer"
    return None


def _unconditional(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a block that always run: not under an `if`, a `try` or a loop
    (`optimizer = ...` only when a flag is set is not bound on every path)."""
    found: list[ast.stmt] = []
    for statement in body:
        found.append(statement)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            found += _unconditional(statement.body)
    return found


def plan_checkpoint(
    analysis: Analysis, sources: Mapping[str, str]
) -> tuple[CheckpointPlan | None, tuple[str, ...]]:
    if not analysis.training_loops:
        return None, ()
    loop = analysis.training_loops[0]
    scope = enclosing_function(ast.parse(sources[loop.file]), loop.line)
    model_classes = {cls.name for cls in analysis.model_classes}
    state: dict[str, str] = {}
    for node in _unconditional(getattr(scope, "body", [])):
        if isinstance(node, ast.Assign) and node.lineno < loop.line:
            target = node.targets[0]
            role = _role(node.value, model_classes)
            if role and role not in state and isinstance(target, ast.Name):
                state[role] = target.id
    if "model" not in state:
        warning = (
            f"{loop.file}:{loop.line}: no model assigned before the epoch loop; no checkpoints"
        )
        return None, (warning,)
    ordered = tuple((role, state[role]) for role in ROLES if role in state)
    return CheckpointPlan(loop.file, loop.line, loop.variable, ordered), ()
