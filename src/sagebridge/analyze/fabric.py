"""Lightning Fabric facts: `fabric.save(path, state)` is a model save.

    fabric = Fabric()   (or L.Fabric(...), lightning.fabric.Fabric, lightning_fabric.Fabric)
    fabric.save(path="mnist_cnn.pt", state=model.state_dict())   -> (state, path)

Fabric writes `state` with torch.save on rank 0 (a dict of modules and optimizers becomes their
state_dicts), so the save is read like `torch.save(state, path)`.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, argument
from sagebridge.model.facts import FABRIC_SAVE

__all__ = ["FABRIC_SAVE", "fabric_save"]

FABRIC_CLASSES = frozenset(
    {"lightning.Fabric", "lightning.fabric.Fabric", "lightning_fabric.Fabric"}
)


def fabric_save(
    module: ParsedModule, call: ast.Call, origins: dict[str, str]
) -> tuple[ast.expr | None, ast.expr | None] | None:
    """(what is saved, where) for `<a Fabric>.save(path, state)`; None for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "save":
        return None
    receiver = func.value
    made_by = (
        module.qualified(receiver.func) if isinstance(receiver, ast.Call)
        else origins.get(module.segment(receiver), "")
    )
    if made_by not in FABRIC_CLASSES:
        return None
    return argument(call, 1, "state"), argument(call, 0, "path")
