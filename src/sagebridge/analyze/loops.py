"""The epoch loop, where checkpointing hooks in.

    for epoch in range(1, epochs + 1):     -> variable epoch
    for i in trange(args.num_epochs):      -> variable i (the bound names epochs)

A `for` loop counts when its variable or the names in its iterable mention an epoch.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule
from sagebridge.model import TrainingLoop


def find_training_loops(module: ParsedModule) -> list[TrainingLoop]:
    found: list[TrainingLoop] = []
    for node in module.nodes:
        if (
            isinstance(node, (ast.For, ast.AsyncFor))
            and isinstance(node.target, ast.Name)
            and (_mentions_epoch(node.target.id) or _iterates_epochs(node.iter))
        ):
            found.append(TrainingLoop(node.target.id, module.path, node.lineno))
    return sorted(found, key=lambda loop: loop.line)


def _mentions_epoch(name: str) -> bool:
    return "epoch" in name.lower()


def _iterates_epochs(iterable: ast.expr) -> bool:
    if not isinstance(iterable, ast.Call):
        return False
    for node in ast.walk(iterable):
        if isinstance(node, ast.Name) and _mentions_epoch(node.id):
            return True
        if isinstance(node, ast.Attribute) and _mentions_epoch(node.attr):
            return True
    return False
