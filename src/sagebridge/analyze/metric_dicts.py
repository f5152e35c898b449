"""Names the script binds to dicts of known keys, whose entries it then reports as metrics.

    metrics = {"accuracy": acc}; metrics["f1"] = f1       -> metrics["accuracy"], metrics["f1"]
    scores = evaluate.load("glue", "mrpc").compute(...)  -> scores["accuracy"], scores["f1"]
"""

from __future__ import annotations

import ast

from sagebridge.analyze.huggingface import evaluate_keys
from sagebridge.analyze.source import ParsedModule, string_value

DictKeys = dict[str, list[tuple[str, str]]]  # variable -> (key, the expression reading it)


def dict_variables(module: ParsedModule) -> DictKeys:
    """Names bound to dicts of known keys: literals, `evaluate.load("f1").compute(...)`,
    `d["key"] = ...` and `d.update({...})`. Module-wide, by name."""
    loaded: dict[str, list[str]] = {}  # variable -> the keys its evaluate metric computes
    keys: dict[str, list[str]] = {}
    nodes = sorted(
        (n for n in module.nodes if isinstance(n, (ast.Assign, ast.Expr))),
        key=lambda n: n.lineno,
    )
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name):
                loaded_keys = _evaluate_load(module, value)
                if loaded_keys:
                    loaded[target.id] = loaded_keys
                elif isinstance(value, ast.Dict):
                    keys[target.id] = [k for k in map(string_value, value.keys) if k]
                elif computed := _computed(module, value, loaded):
                    keys[target.id] = computed
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in keys
                and string_value(target.slice)
            ):
                keys[target.value.id].append(string_value(target.slice) or "")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "update"
                and isinstance(func.value, ast.Name)
                and func.value.id in keys
            ):
                added = [k.arg for k in call.keywords if k.arg]
                for arg in call.args:
                    if isinstance(arg, ast.Dict):
                        added += [k for k in map(string_value, arg.keys) if k]
                keys[func.value.id] += added
    return {
        name: [(key, f"{name}[{key!r}]") for key in dict.fromkeys(found)]
        for name, found in keys.items()
    }


def _evaluate_load(module: ParsedModule, node: ast.expr) -> list[str]:
    """`evaluate.load("accuracy")` -> ["accuracy"], `evaluate.load("glue", "mrpc")` ->
    ["accuracy", "f1"]: the keys its `compute()` returns (analyze/huggingface.py)."""
    if isinstance(node, ast.Call) and module.qualified(node.func) in (
        "evaluate.load",
        "datasets.load_metric",
    ):
        name = string_value(node.args[0]) if node.args else None
        config = string_value(node.args[1]) if len(node.args) > 1 else None
        return list(evaluate_keys(name, config)) if name else []
    return []


def _computed(module: ParsedModule, node: ast.expr, loaded: dict[str, list[str]]) -> list[str]:
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compute"
    ):
        return []
    owner = node.func.value
    if isinstance(owner, ast.Name):
        return loaded.get(owner.id, [])
    return _evaluate_load(module, owner)
