"""A function parameter whose default is what the function runs with.

    def load_cora(path="./cora", device="cpu"):
        content = np.genfromtxt(os.path.join(path, "cora.content"))
    features = load_cora(device=device)          -> `path` in the body is "./cora"

A use of a parameter inside its function stands for the parameter's default when every call
of that function in the file leaves the argument out (neither positionally nor by keyword, no
`*args`/`**kwargs` spread), the function is called at least once and the parameter is never
rebound in the body. Anything else (a call passing it, a method called through an object we
can't see, no call at all) leaves the parameter unresolved.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable


def parameter_defaults(nodes: Iterable[ast.AST]) -> dict[int, ast.expr]:
    """id(Name node using a parameter) -> the default expression it stands for."""
    nodes = list(nodes)
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    calls: dict[str, list[ast.Call]] = {}
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    found: dict[int, ast.expr] = {}
    for name, defined in functions.items():
        callers = calls.get(name, [])
        if len(defined) != 1 or not callers:
            continue  # redefined, or never called here: what it runs with is unknown
        function = defined[0]
        for position, parameter, default in _defaulted(function.args):
            if any(_passes(call, position, parameter) for call in callers):
                continue
            if _rebound(function, parameter):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Name)
                    and node.id == parameter
                    and isinstance(node.ctx, ast.Load)
                ):
                    found[id(node)] = default
    return found


def _defaulted(arguments: ast.arguments) -> list[tuple[int | None, str, ast.expr]]:
    """(position or None for keyword-only, name, default) of each parameter with a default."""
    positional = [*arguments.posonlyargs, *arguments.args]
    first = len(positional) - len(arguments.defaults)
    found: list[tuple[int | None, str, ast.expr]] = [
        (first + index, positional[first + index].arg, default)
        for index, default in enumerate(arguments.defaults)
    ]
    for parameter, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if default is not None:
            found.append((None, parameter.arg, default))
    return found


def _passes(call: ast.Call, position: int | None, parameter: str) -> bool:
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return True
    if any(item.arg is None or item.arg == parameter for item in call.keywords):
        return True
    return position is not None and len(call.args) > position


def _rebound(function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> bool:
    return any(
        isinstance(node, ast.Name) and node.id == parameter and not isinstance(node.ctx, ast.Load)
        for node in ast.walk(function)
    )
