"""Model classes the project defines, and how the script builds them.

    class Net(nn.Module): ...          -> Net, base nn.Module, lines 30-55
    model = Net().to(device)           -> constructor_args ()
    model = Classifier(10, dropout=.5) -> constructor_args ("10", "dropout=.5")

A class counts when a base resolves (through imports) to a known model base, or to another
model class of the project (`class Big(Net)`).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from sagebridge.analyze.knowledge import MODEL_BASES
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import ModelClass


def find_model_classes(modules: Sequence[ParsedModule]) -> list[ModelClass]:
    """Model classes across the project; `modules` come entry point first."""
    classes = [
        (module, node)
        for module in modules
        for node in module.tree.body
        if isinstance(node, ast.ClassDef)
    ]
    models: dict[str, tuple[ParsedModule, ast.ClassDef, str]] = {}
    changed = True
    while changed:  # a subclass of a project model class is a model too
        changed = False
        for module, node in classes:
            if node.name in models:
                continue
            base = _model_base(module, node, set(models))
            if base is not None:
                models[node.name] = (module, node, base)
                changed = True
    calls = _calls_by_name(modules) if models else {}
    found = [
        ModelClass(
            name=name,
            base=base,
            file=module.path,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            constructor_args=_constructor_args(calls.get(name, ()), module, node),
        )
        for name, (module, node, base) in models.items()
    ]
    return sorted(found, key=lambda c: (c.file, c.line))


def _model_base(module: ParsedModule, node: ast.ClassDef, local_models: set[str]) -> str | None:
    for base in node.bases:
        qualified = module.qualified(base)
        if qualified is None:
            continue
        if qualified in MODEL_BASES or qualified.rsplit(".", 1)[-1] in local_models:
            return module.segment(base)
    return None


def _calls_by_name(
    modules: Sequence[ParsedModule],
) -> dict[str, list[tuple[ParsedModule, ast.Call]]]:
    """Every call of the project under the last part of its name (`models.Net(...)` -> Net),
    modules in the given order and calls in source order: one pass for all model classes."""
    index: dict[str, list[tuple[ParsedModule, ast.Call]]] = {}
    for module in modules:
        for call in module.calls():
            qualified = module.qualified(call.func)
            if qualified is not None:
                index.setdefault(qualified.rsplit(".", 1)[-1], []).append((module, call))
    return index


def _constructor_args(
    calls: Sequence[tuple[ParsedModule, ast.Call]], owner: ParsedModule, definition: ast.ClassDef
) -> tuple[str, ...]:
    """The arguments of the first call that builds the class, outside the class itself."""
    inside = range(definition.lineno, (definition.end_lineno or definition.lineno) + 1)
    for module, call in calls:
        if module is owner and call.lineno in inside:
            continue
        args = [module.segment(arg) for arg in call.args]
        args += [
            f"{item.arg}={module.segment(item.value)}"
            if item.arg
            else f"**{module.segment(item.value)}"
            for item in call.keywords
        ]
        return tuple(args)
    return ()
