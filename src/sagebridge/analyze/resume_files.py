"""A file the script both saves in training and resumes from when it exists at start-up
(pytorch/examples ddp-tutorial-series: a Trainer's snapshot dict):

    def main(..., snapshot_path="snapshot.pt"):           -> the file's default, line 1
        ...
        if os.path.exists(snapshot_path):                 -> read back when it exists
            self._load_snapshot(snapshot_path)
        ...
        torch.save(snapshot, self.snapshot_path)          -> and saved: ResumeFile

The save's path and the existence check name the same variable (`snapshot_path`, or its
attribute `self.snapshot_path`); the check's body loads (a call whose name holds "load"); the
default is a function parameter's or a module-level assignment's string literal.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, string_value
from sagebridge.model import ModelSave
from sagebridge.model.training import ResumeFile

EXISTS_CALLS = frozenset({"os.path.exists", "os.path.isfile"})
SAVE_CALLS = frozenset({"torch.save"})
RESUME_FILE = "resume_file"  # sagebridge_runtime's, in a script migrated before


def _last_name(node: ast.AST) -> str | None:
    """`snapshot_path` and `self.snapshot_path` -> "snapshot_path"; other expressions -> None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _loads(statements: list[ast.stmt]) -> bool:
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and "load" in (_last_name(node.func) or "").lower():
                return True
    return False


def _checked_names(module: ParsedModule) -> set[str]:
    """Names whose file an `if os.path.exists(NAME):` loads from."""
    names: set[str] = set()
    for node in module.nodes:
        test = node.test if isinstance(node, ast.If) else None
        if (
            isinstance(test, ast.Call)
            and len(test.args) == 1
            and module.qualified(test.func) in EXISTS_CALLS
            and isinstance(node, ast.If)
            and _loads(node.body)
        ):
            name = _last_name(test.args[0])
            if name is not None:
                names.add(name)
    return names


def _path_value(node: ast.AST | None) -> str | None:
    """A string literal, also inside `sagebridge_runtime.resume_file("snapshot.pt")` (a script
    migrated before keeps its resume file)."""
    if (
        isinstance(node, ast.Call)
        and _last_name(node.func) == RESUME_FILE
        and len(node.args) == 1
        and not node.keywords
    ):
        return string_value(node.args[0])
    return string_value(node)


def _defaults(module: ParsedModule) -> dict[str, tuple[int, str]]:
    """name -> (line, value) of a parameter's string default or a module-level string."""
    found: dict[str, tuple[int, str]] = {}
    for node in module.nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args.posonlyargs + node.args.args
            defaults = node.args.defaults
            paired = zip(arguments[len(arguments) - len(defaults) :], defaults, strict=True)
            keyword = zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
            for argument, default in [*paired, *keyword]:
                value = _path_value(default)
                if value is not None and default is not None:
                    found.setdefault(argument.arg, (default.lineno, value))
    for statement in module.tree.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target, value = statement.targets[0], _path_value(statement.value)
        if isinstance(target, ast.Name) and value is not None:
            found.setdefault(target.id, (statement.lineno, value))
    return found


def find_resume_files(module: ParsedModule, saves: tuple[ModelSave, ...]) -> tuple[ResumeFile, ...]:
    """The entry point's saves (`saves` of its file) that write a file it resumes from."""
    checked = _checked_names(module)
    if not checked:
        return ()
    defaults = _defaults(module)
    found: list[ResumeFile] = []
    for save in saves:
        if save.file != module.path or save.call not in SAVE_CALLS or save.path is None:
            continue
        try:
            name = _last_name(ast.parse(save.path, mode="eval").body)
        except SyntaxError:
            continue
        if name in checked and name in defaults:
            line, value = defaults[name]
            found.append(ResumeFile(save.file, save.line, name, line, value))
    return tuple(found)
