"""The state the first epoch loop trains: what its function (or module) binds before the loop.

    model = Net().to(device)                  -> models ("model",)
    optimizer = optim.Adam(model.parameters()) -> optimizers ("optimizer",)
    scheduler = lr_scheduler.StepLR(...)       -> schedulers ("scheduler",)
    for epoch in range(epochs): ...

A model is an instance of a project model class or of a module function returning one
(`def make_model(): return nn.Sequential(...)`); an optimizer is `optim.*`; a learning-rate
scheduler `lr_scheduler.*`, `*LR`. Only names bound on every path count: one assigned under an
`if` (an optimizer that exists only when a flag is set) is left out. The plan decides from these
what to checkpoint (plan/checkpoints.py).
"""

from __future__ import annotations

import ast

from sagebridge.analyze.save_targets import enclosing_function
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import ModelClass, TrainingLoop
from sagebridge.model.training import EpochLoopState

ROLES = ("model", "optimizer", "scheduler")
# A call through a library is never the project's class of the same name (`torch.Generator()`
# in a DataLoader's arguments is not a GAN's `Generator`).
LIBRARY_ROOTS = frozenset({"torch", "nn", "np", "numpy", "tf", "jax", "random"})
NETWORK_PREFIXES = ("nn.", "torch.nn.")  # `nn.Sequential(...)`, `torch.nn.Linear(...)`


def find_epoch_state(
    loop: TrainingLoop, module: ParsedModule, classes: tuple[ModelClass, ...]
) -> EpochLoopState:
    scope = enclosing_function(module, loop.line)
    model_classes = {cls.name for cls in classes}
    factories = _model_factories(module.tree, model_classes)
    found: dict[str, list[str]] = {role: [] for role in ROLES}
    for node in _unconditional(getattr(scope, "body", [])):
        if isinstance(node, ast.Assign) and node.lineno < loop.line:
            target = node.targets[0]
            role = _role(node.value, model_classes, factories)
            if role and isinstance(target, ast.Name) and target.id not in found[role]:
                found[role].append(target.id)
    return EpochLoopState(
        file=loop.file,
        line=loop.line,
        variable=loop.variable,
        models=tuple(found["model"]),
        optimizers=tuple(found["optimizer"]),
        schedulers=tuple(found["scheduler"]),
    )


def _role(value: ast.expr, model_classes: set[str], factories: set[str]) -> str | None:
    for node in ast.walk(value):
        if not isinstance(node, ast.Call):
            continue
        callee = ast.unparse(node.func)
        last = callee.rsplit(".", 1)[-1]
        if last in model_classes and callee.split(".", 1)[0] not in LIBRARY_ROOTS:
            return "model"
        if isinstance(node.func, ast.Name) and callee in factories:
            return "model"
        if "lr_scheduler" in callee or last.endswith(("LR", "Scheduler", "OnPlateau")):
            return "scheduler"
        if callee.startswith(("optim.", "torch.optim.")):
            return "optimizer"
    return None


def _model_factories(tree: ast.Module, model_classes: set[str]) -> set[str]:
    """Module functions that return a network they build: `def make_model(n): return
    nn.Sequential(...)` (or a project model class), so `model = make_model(5)` is a model."""
    found: set[str] = set()
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef):
            continue
        returned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Call)
        ]
        if returned and all(_builds_network(call, model_classes) for call in returned):
            found.add(function.name)
    return found


def _builds_network(call: ast.Call, model_classes: set[str]) -> bool:
    callee = ast.unparse(call.func)
    if callee in model_classes:
        return True
    return callee.startswith(NETWORK_PREFIXES) and callee.rsplit(".", 1)[-1][:1].isupper()


def _unconditional(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a block that always run: not under an `if`, a `try` or a loop
    (`optimizer = ...` only when a flag is set is not bound on every path)."""
    found: list[ast.stmt] = []
    for statement in body:
        found.append(statement)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            found += _unconditional(statement.body)
    return found
