"""What an estimator's save (joblib, pickle, XGBoost) writes: the file's name and the class.

    model = RandomForestClassifier(...).fit(X, y)    -> estimator_class "RandomForestClassifier"
    joblib.dump(model, os.path.join(OUT, "m.joblib")) -> file_name "m.joblib"
"""

from __future__ import annotations

import ast
import posixpath

from sagebridge.analyze.index import SourceIndex, Unresolved, call_name
from sagebridge.model import ModelSave


def saved_file_name(index: SourceIndex, save: ModelSave) -> str | None:
    """Base name of the original destination (`./models/model.joblib` -> `model.joblib`)."""
    if save.path is None or save.file not in index.modules:
        return None
    try:
        node = ast.parse(save.path, mode="eval").body
    except SyntaxError:
        return None
    # Re-locate the expression in the module so names resolve in the right scope.
    module = index.modules[save.file]
    for candidate in module.parsed.nodes:
        if (
            isinstance(candidate, ast.expr)
            and getattr(candidate, "lineno", None) == save.line
            and ast.dump(candidate) == ast.dump(node)
        ):
            node = candidate
            break
    try:
        value = index.resolve(save.file, node)
    except Unresolved:
        return _trailing_file_name(module.parsed.nodes, node)
    return posixpath.basename(value) if isinstance(value, str) and value else None


def _trailing_file_name(nodes: tuple[ast.AST, ...], node: ast.expr) -> str | None:
    """The file name a path ends with when its folder is not a constant:
    `os.path.join(OUT_DIR, "model.json")`, `out / "model.joblib"`, or a name assigned once
    to one of those -> the last literal, when it names a file (`model.json`)."""
    for _ in range(12):
        if isinstance(node, ast.Name):
            values = [
                n.value
                for n in nodes
                if isinstance(n, ast.Assign)
                and len(n.targets) == 1
                and isinstance(n.targets[0], ast.Name)
                and n.targets[0].id == node.id
            ]
            if len(values) != 1:
                return None
            node = values[0]
        elif isinstance(node, ast.Call) and call_name(node) in {"str", "os.fspath"} and node.args:
            node = node.args[0]
        elif isinstance(node, ast.Call) and call_name(node).endswith("join") and node.args:
            node = node.args[-1]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            node = node.right
        else:
            break
    text = node.value if isinstance(node, ast.Constant) else None
    name = posixpath.basename(text) if isinstance(text, str) else ""
    return name if "." in name.strip(".") else None


def estimator_class(index: SourceIndex, save: ModelSave) -> str | None:
    """`model = RandomForestClassifier(...)` -> "RandomForestClassifier"."""
    module = index.modules.get(save.file)
    target = save.target or ""
    if module is None or not target.isidentifier():
        return None
    assigned: list[ast.Assign] = [
        node
        for node in module.parsed.nodes
        if isinstance(node, ast.Assign)
        and node.lineno < save.line
        and any(isinstance(t, ast.Name) and t.id == target for t in node.targets)
        and isinstance(node.value, ast.Call)
    ]
    if not assigned:
        return None
    call = max(assigned, key=lambda node: node.lineno).value
    assert isinstance(call, ast.Call)
    # `LogisticRegression().fit(X, y)`: sklearn's fit returns the estimator; name the class.
    while isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call):
        call = call.func.value
    name = call_name(call).split(".")[-1]
    return "Booster" if name == "train" else name or None
