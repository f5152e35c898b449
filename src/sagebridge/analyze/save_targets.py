"""What each model save writes, and one batch to trace it with (the plan decides from these).

    torch.save(model.state_dict(), path)       -> model_variable "model"
    test_loader = DataLoader(...)  (same def)  -> sample_loader "test_loader"
    MODEL_PATH = os.path.join(OUT, "m.pt")     -> path_names ("MODEL_PATH", "OUT", ...)

The sample is a DataLoader assigned in the save's function (a test/validation one first, as it is
not shuffled). The path's names are followed through the module's top-level assignments, so the
plan can tell whether the save writes under a model path it moves.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from sagebridge import contract
from sagebridge.analyze.estimator_files import estimator_class, saved_file_name
from sagebridge.analyze.index import SourceIndex
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import ModelSave, SaveFormat
from sagebridge.model.training import SaveFacts

PREFERRED_LOADERS = ("test", "val", "eval")
ESTIMATOR_FORMATS = frozenset({SaveFormat.XGBOOST, SaveFormat.JOBLIB, SaveFormat.PICKLE})


def find_save_facts(save: ModelSave, module: ParsedModule, index: SourceIndex) -> SaveFacts:
    """`index` knows the settings (a path read from `args.out_dir` resolves to its default)."""
    names, reads_model_dir = _path_names(save, module.tree)
    estimator = save.format in ESTIMATOR_FORMATS
    return SaveFacts(
        file=save.file,
        line=save.line,
        model_variable=saved_module(save.target, module, save.line),
        sample_loader=sample_loader(module, save.line),
        path_names=names,
        path_reads_model_dir=reads_model_dir,
        path_literal=_literal(save.path),
        file_name=saved_file_name(index, save) if estimator else None,
        estimator_class=estimator_class(index, save) if estimator else None,
    )


def saved_module(
    target: str | None, module: ParsedModule | None = None, line: int = 0
) -> str | None:
    """`model.state_dict()` -> `model`; `model` -> `model`; a checkpoint dict
    (`{"state_dict": model.state_dict(), "mean": m}`, or a name bound to one before the save
    in the same function) -> the module whose state_dict it holds; anything else -> None."""
    if target is None:
        return None
    try:
        node = ast.parse(target, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Name) and module is not None:
        node = _bound_dict(module, node.id, line) or node
    if isinstance(node, ast.Dict):
        return _module_in_dict(node)
    is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if is_call and node.func.attr == "state_dict" and not node.args:  # type: ignore[attr-defined]
        node = node.func.value  # type: ignore[attr-defined]
    return ast.unparse(node) if isinstance(node, (ast.Name, ast.Attribute)) else None


def _bound_dict(module: ParsedModule, name: str, line: int) -> ast.Dict | None:
    """The dict literal last assigned to `name` before `line`, in the save's function."""
    found: ast.Dict | None = None
    for node in _walk(enclosing_function(module, line), module):
        if (
            isinstance(node, ast.Assign)
            and node.lineno < line
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and (found is None or node.lineno > found.lineno)
        ):
            found = node.value if isinstance(node.value, ast.Dict) else None
    return found


def _module_in_dict(node: ast.Dict) -> str | None:
    """The module a checkpoint dict holds the state_dict of (a "model" key first)."""
    held: list[tuple[bool, str]] = []
    for key, value in zip(node.keys, node.values):
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "state_dict"
            and not value.args
        ):
            continue
        module = ast.unparse(value.func.value)
        name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
        if "optim" not in name.lower() and "optim" not in module.lower():
            held.append(("model" not in name.lower() and "state" not in name.lower(), module))
    return min(held)[1] if held else None


def enclosing_function(module: ParsedModule, line: int) -> ast.AST:
    """The innermost function holding `line`, else the module's tree."""
    best: ast.AST = module.tree
    for node in module.nodes:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        inside = node.lineno <= line <= (node.end_lineno or node.lineno)
        if inside and node.lineno > getattr(best, "lineno", 0):  # the innermost one
            best = node
    return best


def _walk(scope: ast.AST, module: ParsedModule) -> Iterable[ast.AST]:
    """`ast.walk(scope)`, the module's one walk when the scope is the whole module."""
    return module.nodes if scope is module.tree else ast.walk(scope)


def sample_loader(module: ParsedModule, line: int) -> str | None:
    loaders: list[str] = []
    for node in _walk(enclosing_function(module, line), module):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            callee = ast.unparse(node.value.func)
            if callee.endswith("DataLoader") and isinstance(node.targets[0], ast.Name):
                loaders.append(node.targets[0].id)
    for preferred in PREFERRED_LOADERS:
        for name in loaders:
            if preferred in name.lower():
                return name
    return loaders[0] if loaders else None


def _path_names(save: ModelSave, tree: ast.Module) -> tuple[tuple[str, ...], bool]:
    """The names the save's path reads, through module-level assignments, and whether any of
    them (or the path) holds the literal SM_MODEL_DIR."""
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    try:
        pending: list[ast.AST] = [ast.parse(save.path or "", mode="eval")]
    except SyntaxError:
        return (), False
    seen: list[str] = []
    reads_model_dir = False
    while pending:
        for node in ast.walk(pending.pop()):
            if isinstance(node, ast.Constant) and node.value == contract.ENV_MODEL_DIR:
                reads_model_dir = True
            if isinstance(node, ast.Name) and node.id not in seen:
                seen.append(node.id)
                if node.id in assigned:
                    pending.append(assigned[node.id])
    return tuple(seen), reads_model_dir


def _literal(path: str | None) -> str | None:
    """The path's value when it is one string literal (`"out/clf.keras"`), else None."""
    try:
        node = ast.parse(path or "", mode="eval").body
    except SyntaxError:
        return None
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
