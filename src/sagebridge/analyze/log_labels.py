"""A `self.log` label spelled as an f-string of its function's parameters, resolved from the
literal arguments of every call of that function (Lightning's shared-step helper):

    def _common_step(self, batch, stage):
        self.log(f"{stage}_loss", loss, on_step=True)
    def validation_step(self, batch, batch_idx):
        return self._common_step(batch, "val")     -> ("val_loss", "validation_step")
    def test_step(self, batch, batch_idx):
        return self._common_step(batch, "test")    -> ("test_loss", "test_step")

One label per call site, with the function that calls (whose name says the stage). Nothing is
resolved when any call site passes a non-literal for a parameter the label uses (the labels
the script logs would not all be known), or when the label uses anything but parameters.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import enclosing_functions

Function = ast.FunctionDef | ast.AsyncFunctionDef
BOUND_FIRST = frozenset({"self", "cls"})  # a method's own first parameter, not passed


def is_self_log(call: ast.Call) -> bool:
    """`self.log(...)` / `self.log_dict(...)`: a LightningModule's logging call."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("log", "log_dict")
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    )


def function_named(tree: ast.Module, name: str | None) -> Function | None:
    """The module's one function of that name (None when absent or defined twice)."""
    found = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
    ]
    return found[0] if len(found) == 1 else None


def resolved_labels(
    tree: ast.Module, label: ast.expr, function: Function | None
) -> list[tuple[str, str | None]]:
    """(label, calling function) for each call of `function` when `label` is an f-string of
    its parameters; [] when it can't be resolved."""
    if not isinstance(label, ast.JoinedStr) or function is None:
        return []
    used = _parameters_used(label, function)
    if not used:
        return []
    owners = enclosing_functions(tree)
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _callee(node) == function.name):
            continue
        values = _arguments(node, function)
        if values is None or not used <= values.keys():
            return []
        text = _rendered(label, values)
        if (text, owners.get(id(node))) not in found:
            found.append((text, owners.get(id(node))))
    return found


def _callee(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _parameters_used(label: ast.JoinedStr, function: Function) -> set[str]:
    """The parameter names the f-string formats; empty when it formats anything else."""
    names = {a.arg for a in (*function.args.posonlyargs, *function.args.args)}
    names |= {a.arg for a in function.args.kwonlyargs}
    used: set[str] = set()
    for part in label.values:
        if isinstance(part, ast.FormattedValue):
            value = part.value
            plain = part.conversion == -1 and part.format_spec is None
            if not (plain and isinstance(value, ast.Name) and value.id in names):
                return set()
            used.add(value.id)
    return used


def _arguments(call: ast.Call, function: Function) -> dict[str, str] | None:
    """The string literals the call binds to the function's parameters (None: a `*args` or
    `**kwargs` the binding can't be read through)."""
    positional = [*function.args.posonlyargs, *function.args.args]
    if positional and positional[0].arg in BOUND_FIRST and isinstance(call.func, ast.Attribute):
        positional = positional[1:]
    values: dict[str, str] = {}
    defaults = function.args.defaults
    for parameter, default in zip(positional[len(positional) - len(defaults) :], defaults):
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            values[parameter.arg] = default.value
    for parameter, kw_default in zip(function.args.kwonlyargs, function.args.kw_defaults):
        if isinstance(kw_default, ast.Constant) and isinstance(kw_default.value, str):
            values[parameter.arg] = kw_default.value
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > len(positional):
        return None
    passed = [(p.arg, a) for p, a in zip(positional, call.args)]
    for keyword in call.keywords:
        if keyword.arg is None:
            return None
        passed.append((keyword.arg, keyword.value))
    for name, value in passed:
        values.pop(name, None)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            values[name] = value.value
    return values


def _rendered(label: ast.JoinedStr, values: dict[str, str]) -> str:
    text = ""
    for part in label.values:
        if isinstance(part, ast.Constant):
            text += str(part.value)
        elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
            text += values[part.value.id]
    return text
