"""Keras facts: which model `fit` trains, and where its checkpoints are written.

    history = model.fit(x, y, epochs=3)                        -> KerasFit(line, "model")
    ModelCheckpoint(os.path.join(args.checkpoint_dir, "c.keras"))
    parser.add_argument("--checkpoint-dir", default="checkpoints")
                                                               -> CheckpointFolder("checkpoints",
                                                                  the literal's line and column,
                                                                  argument_line=that add_argument)

A checkpoint path is followed back to the string literal that names its folder: through
`os.path.join`'s first argument, an f-string's first value, a name assigned once in the file,
and `args.NAME` to the `default=` of the argparse option that stores NAME. A folder that can't
be followed (a config dict, a function's return) is reported by the caller.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.keras_backend import keras_backend
from sagebridge.analyze.source import ParsedModule, argument, keyword
from sagebridge.model.training import CheckpointFolder, KerasFacts, KerasFit

CHECKPOINT_CALLBACKS = {"ModelCheckpoint": "filepath", "BackupAndRestore": "backup_dir"}
KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")
_DEPTH = 6  # how many assignments a folder is followed through
MOVED_BY_US = "sagebridge_runtime.checkpoint_path"  # an earlier migration's: the literal inside


def find_keras_facts(module: ParsedModule) -> KerasFacts:
    """The entry point's `fit` calls, the backend it sets and its checkpoint folders."""
    return KerasFacts(
        fits=tuple(find_fits(module)),
        backend=keras_backend(module),
        checkpoint_folders=tuple(find_checkpoint_folders(module)),
    )


def find_fits(module: ParsedModule) -> list[KerasFit]:
    found = []
    for call in module.calls():
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "fit"):
            continue
        if not isinstance(func.value, (ast.Name, ast.Attribute)):
            continue
        receiver = module.segment(func.value)
        qualified = module.qualified(func.value) or ""
        if qualified.split(".")[0] in {"np", "numpy", "sklearn", "pandas"}:
            continue
        found.append(KerasFit(call.lineno, receiver, keyword(call, "callbacks") is not None))
    return found


def find_checkpoint_folders(module: ParsedModule) -> list[CheckpointFolder]:
    found = []
    for call in module.calls():
        name = module.qualified(call.func) or ""
        last = name.rsplit(".", 1)[-1]
        if last not in CHECKPOINT_CALLBACKS or not name.startswith(KERAS_ROOTS):
            continue
        path = argument(call, 0, CHECKPOINT_CALLBACKS[last])
        literal, argument_line = _folder_literal(module, path, _DEPTH)
        if literal is None:
            found.append(CheckpointFolder(last, call.lineno, None))
            continue
        found.append(
            CheckpointFolder(
                last,
                call.lineno,
                str(literal.value),
                literal.lineno,
                literal.col_offset,
                argument_line,
            )
        )
    return found


def _folder_literal(
    module: ParsedModule, node: ast.AST | None, depth: int
) -> tuple[ast.Constant | None, int | None]:
    if node is None or depth == 0:
        return None, None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node, None
    called = module.qualified(node.func) or "" if isinstance(node, ast.Call) else ""
    if isinstance(node, ast.Call) and called.endswith(("path.join", MOVED_BY_US)):
        return _folder_literal(module, node.args[0] if node.args else None, depth - 1)
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.FormattedValue):
            return _folder_literal(module, first.value, depth - 1)
        return None, None  # f"checkpoints/{epoch}": the folder is inside the f-string's text
    if isinstance(node, ast.Attribute):
        return _argparse_default(module, node.attr)
    if isinstance(node, ast.Name):
        values = _assigned(module.tree, node.id)
        if len(values) == 1:
            return _folder_literal(module, values[0], depth - 1)
    return None, None


def _assigned(tree: ast.Module, name: str) -> list[ast.expr]:
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]


def _argparse_default(module: ParsedModule, dest: str) -> tuple[ast.Constant | None, int | None]:
    for call in module.calls():
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"):
            continue
        if _dest(call) != dest:
            continue
        literal, _ = _folder_literal(module, keyword(call, "default"), 2)
        return (literal, call.lineno) if literal is not None else (None, None)
    return None, None


def _dest(call: ast.Call) -> str | None:
    explicit = keyword(call, "dest")
    if isinstance(explicit, ast.Constant) and isinstance(explicit.value, str):
        return explicit.value
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    long = [f for f in flags if f.startswith("--")]
    chosen = (long or flags)[:1]
    return chosen[0].lstrip("-").replace("-", "_") if chosen else None
