"""One parsed module as the index holds it (`ModuleInfo`: its text, tree and the statement that
binds each module-level name), and `free_names`: what a piece of code reads without binding."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sagebridge.analyze.source import ParsedModule

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class ModuleInfo:
    parsed: ParsedModule  # the module as analysis parsed it
    # module-level name -> the statement that binds it last
    bindings: Mapping[str, ast.stmt]

    @classmethod
    def of(cls, parsed: ParsedModule) -> ModuleInfo:
        bindings: dict[str, ast.stmt] = {}
        for stmt in parsed.tree.body:
            for name in _bound_names(stmt):
                bindings[name] = stmt
        return cls(parsed, bindings)

    @property
    def file(self) -> str:
        return self.parsed.path

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def tree(self) -> ast.Module:
        return self.parsed.tree

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ""

    def statement_source(self, stmt: ast.stmt) -> str:
        """The statement's lines as written (decorators and inner comments included)."""
        decorators = getattr(stmt, "decorator_list", [])
        first = min([stmt.lineno, *(d.lineno for d in decorators)])
        lines = self.text.splitlines()
        return "\n".join(lines[first - 1 : stmt.end_lineno])


# What a module-level `if`/`try` may hold and still be carried over whole when it binds a name
# the model or transform needs: conditional imports and fallbacks (`try: import x / except
# ImportError: x = None`, `if _TORCHVISION_AVAILABLE: from torchvision import transforms`). A
# block that calls anything (a `__main__` guard) never is.
_DECLARATIVE = (
    ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.FunctionDef,
    ast.AsyncFunctionDef, ast.ClassDef, ast.Pass, ast.If, ast.Try,
)  # fmt: skip


def _blocks(stmt: ast.If | ast.Try) -> list[ast.stmt]:
    if isinstance(stmt, ast.If):
        return [*stmt.body, *stmt.orelse]
    handlers = [s for handler in stmt.handlers for s in handler.body]
    return [*stmt.body, *handlers, *stmt.orelse, *stmt.finalbody]


def _declarative(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, _DECLARATIVE):
        return False
    if isinstance(stmt, (ast.If, ast.Try)):
        return all(_declarative(inner) for inner in _blocks(stmt))
    return True


def _bound_names(stmt: ast.stmt) -> Iterator[str]:
    if isinstance(stmt, (ast.If, ast.Try)):
        if _declarative(stmt):
            for inner in _blocks(stmt):
                yield from _bound_names(inner)
        return
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            if alias.name != "*":
                yield alias.asname or alias.name.split(".")[0]
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield stmt.name
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    yield node.id


def free_names(node: ast.AST) -> set[str]:
    """Names `node` reads that it does not bind itself (a deliberately simple, safe superset)."""
    loaded: set[str] = set()
    stored: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            (loaded if isinstance(child.ctx, ast.Load) else stored).add(child.id)
        elif isinstance(child, ast.arg):
            stored.add(child.arg)
        elif (
            isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and child is not node
        ):
            stored.add(child.name)
    return loaded - stored - _BUILTINS
