"""Which model each save writes, and one batch to trace it with if TorchScript scripting fails.

`torch.save(model.state_dict(), path)` saves `model`; the sample is a DataLoader assigned in the
same function (a test/validation one first, as it is not shuffled). Every save must end up in
SM_MODEL_DIR: a save whose path does not come from a moved model path is reported.
"""

from __future__ import annotations

import ast

from sagebridge import contract
from sagebridge.analyze.autolog import is_autolog
from sagebridge.analyze.index import SourceIndex
from sagebridge.model import Analysis, ModelSave, PathPlan, PathRole, SaveFormat, SavePlan
from sagebridge.model.facts import FABRIC_SAVE
from sagebridge.plan.positional import model_file_of

PREFERRED_LOADERS = ("test", "val", "eval")
# A model logged to MLflow is also written here, in SM_MODEL_DIR, in a form the serving code loads.
LOGGED_MODEL_FILES = {SaveFormat.JOBLIB: "model.joblib", SaveFormat.XGBOOST: "model.json"}


def logged_model_file(save: ModelSave) -> str | None:
    """`mlflow.sklearn.log_model(model, ...)` -> "model.joblib" (`mlflow.xgboost.autolog()`:
    "model.json"); any other save -> None."""
    logged = save.call.endswith(".log_model") or is_autolog(save.call)
    if not logged or save.path is not None:
        return None
    return LOGGED_MODEL_FILES.get(save.format)


def saved_module(
    target: str | None, tree: ast.Module | None = None, line: int = 0
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
    if isinstance(node, ast.Name) and tree is not None:
        node = _bound_dict(tree, node.id, line) or node
    if isinstance(node, ast.Dict):
        return _module_in_dict(node)
    is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if is_call and node.func.attr == "state_dict" and not node.args:  # type: ignore[attr-defined]
        node = node.func.value  # type: ignore[attr-defined]
    return ast.unparse(node) if isinstance(node, (ast.Name, ast.Attribute)) else None


def _bound_dict(tree: ast.Module, name: str, line: int) -> ast.Dict | None:
    """The dict literal last assigned to `name` before `line`, in the save's function."""
    found: ast.Dict | None = None
    for node in ast.walk(enclosing_function(tree, line)):
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


def enclosing_function(tree: ast.Module, line: int) -> ast.AST:
    best: ast.AST = tree
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        inside = node.lineno <= line <= (node.end_lineno or node.lineno)
        if inside and node.lineno > getattr(best, "lineno", 0):  # the innermost one
            best = node
    return best


def sample_loader(tree: ast.Module, line: int) -> str | None:
    loaders: list[str] = []
    for node in ast.walk(enclosing_function(tree, line)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            callee = ast.unparse(node.value.func)
            if callee.endswith("DataLoader") and isinstance(node.targets[0], ast.Name):
                loaders.append(node.targets[0].id)
    for preferred in PREFERRED_LOADERS:
        for name in loaders:
            if preferred in name.lower():
                return name
    return loaders[0] if loaders else None


def _moved(save: ModelSave, tree: ast.Module, paths: tuple[PathPlan, ...]) -> bool:
    """Does the save's path come (through module-level assignments) from a moved model path?"""
    model_paths = [p for p in paths if p.role is PathRole.MODEL and p.file == save.file]
    if any(p.line in {save.line, save.path_line} for p in model_paths):
        return True
    moved = {p.variable for p in model_paths if p.variable}
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    try:
        pending = [ast.parse(save.path or "", mode="eval")]
    except SyntaxError:
        return False
    seen: set[str] = set()
    while pending:
        for node in ast.walk(pending.pop()):
            if isinstance(node, ast.Constant) and node.value == contract.ENV_MODEL_DIR:
                return True  # already reads SM_MODEL_DIR (migrated before)
            if isinstance(node, ast.Name) and node.id not in seen:
                seen.add(node.id)
                if node.id in moved:
                    return True
                if node.id in assigned:
                    pending.append(assigned[node.id])  # type: ignore[arg-type]
    return False


# Saves whose path argument the model_saving codemod can wrap (see model_placement.py).
PLACED_SAVES = frozenset({"torch.save", FABRIC_SAVE, "joblib.dump"})
TORCH_SAVES = frozenset({"torch.save", FABRIC_SAVE})  # torch.save underneath: export beside it


def plan_saves(
    analysis: Analysis, index: SourceIndex, paths: tuple[PathPlan, ...]
) -> tuple[tuple[SavePlan, ...], tuple[str, ...]]:
    plans: list[SavePlan] = []
    warnings: list[str] = []
    for save in analysis.model_saves:
        tree = index.modules[save.file].tree
        torch = save.call in TORCH_SAVES
        kept = logged_model_file(save) or model_file_of(analysis, save.path)
        unplaced = kept is None and not _moved(save, tree, paths)
        plans.append(
            SavePlan(
                call=save.call,
                format=save.format,
                file=save.file,
                line=save.line,
                path=save.path,
                model_variable=saved_module(save.target, tree, save.line),
                sample_batch=sample_loader(tree, save.line) if torch else None,
                copy_to=logged_model_file(save),
                into_model_dir=unplaced and save.path is not None and save.call in PLACED_SAVES,
            )
        )
        if unplaced and not plans[-1].into_model_dir:
            warnings.append(
                f"{save.file}:{save.line}: {save.call} writes to {save.path}, which is not a "
                "hard-coded model path; make it save under os.environ['SM_MODEL_DIR']"
            )
    return tuple(plans), tuple(warnings)
