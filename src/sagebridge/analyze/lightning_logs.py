"""Which `self.log` / `self.log_dict` label reports each metric, and in which hook.

    def training_step(self, batch, batch_idx):
        self.log("loss", loss, on_epoch=True)           -> "loss", stage "train"
    def validation_step(self, batch, batch_idx):
        self.log_dict({"val_loss": loss, "val_mae": m})  -> "val_loss", "val_mae" (validation)
        scores = {"val_f1": f1}; self.log_dict(scores)   -> "val_f1", value "scores['val_f1']"

Lightning keeps each label in `trainer.callback_metrics`; a label logged from a training hook
holds its epoch aggregate only once the training epoch has ended (at the end of validation it
still holds the last batch's value), so the stage decides when the callback reads it.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.log_labels import resolved_labels
from sagebridge.model.training import Logged

LOG_METHODS = frozenset({"log", "log_dict"})
TRAIN, VALIDATION, TEST = "train", "validation", "test"


def hook_stage(function: str | None) -> str | None:
    """`training_step`, `on_train_epoch_end` -> train; `validation_step` -> validation..."""
    words = set((function or "").lower().split("_"))
    if words & {"train", "training"}:
        return TRAIN
    if words & {"val", "validation"}:
        return VALIDATION
    if words & {"test"}:
        return TEST
    return None


def _is_self_log(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in LOG_METHODS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
        and bool(node.args)
    )


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dict_keys(function: ast.AST) -> dict[str, list[str]]:
    """Names bound in the function to dicts with literal keys, and keys added by subscript."""
    found: dict[str, list[str]] = {}
    nodes = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and len(n.targets) == 1]
    for node in sorted(nodes, key=lambda n: n.lineno):
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
            found[target.id] = [k for k in (_literal(key) for key in value.keys if key) if k]
        elif (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and target.value.id in found
            and (key := _literal(target.slice)) is not None
        ):
            found[target.value.id].append(key)
    return found


def _entries(code: str, call: ast.Call, dicts: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(label, value source) of one `self.log(...)` or `self.log_dict(...)` call."""
    assert isinstance(call.func, ast.Attribute)
    first = call.args[0]
    if call.func.attr == "log":
        label = _literal(first)
        if label is None or len(call.args) < 2:
            return []
        return [(label, ast.get_source_segment(code, call.args[1]) or "")]
    if isinstance(first, ast.Dict):
        return [
            (label, ast.get_source_segment(code, value) or "")
            for key, value in zip(first.keys, first.values, strict=True)
            if key is not None and (label := _literal(key)) is not None
        ]
    if isinstance(first, ast.Name) and first.id in dicts:
        return [(key, f"{first.id}[{key!r}]") for key in dict.fromkeys(dicts[first.id])]
    return []


def _shared_step(
    tree: ast.Module, code: str, call: ast.Call, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> list[Logged]:
    """`self.log(f"{stage}_loss", loss)` in a helper the hooks call with their stage: a label
    per call site, in the calling hook's stage (analyze/log_labels.py)."""
    assert isinstance(call.func, ast.Attribute)
    if call.func.attr != "log" or len(call.args) < 2:
        return []
    value = ast.get_source_segment(code, call.args[1]) or ""
    return [
        Logged(call.lineno, label, value, hook_stage(caller))
        for label, caller in resolved_labels(tree, call.args[0], function)
    ]


def logged_labels(tree: ast.Module, code: str) -> list[Logged]:
    """Every literal label the module's `self.log`/`self.log_dict` calls report, and each label
    a shared step's f-string resolves to, in order."""
    found: list[Logged] = []
    functions = [
        n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    seen: set[int] = set()
    for function in reversed(functions):  # innermost first: a call belongs to its own def
        dicts = _dict_keys(function)
        stage = hook_stage(function.name)
        for node in ast.walk(function):
            if id(node) in seen or not _is_self_log(node):
                continue
            seen.add(id(node))
            assert isinstance(node, ast.Call)
            found += [Logged(node.lineno, label, value, stage)
                      for label, value in _entries(code, node, dicts)]  # fmt: skip
            found += _shared_step(tree, code, node, function)
    return sorted(found, key=lambda logged: (logged.line, logged.label))
