"""Where module-level settings are first read, so that their overrides come before it.

    num_classes = 10                           num_classes = 10
    y = to_categorical(y, num_classes)   ->    <overrides of num_classes>
    epochs = 2                                 y = to_categorical(y, num_classes)
                                               epochs = 2
                                               <overrides of epochs>

The settings are grouped: a group closes right after its last setting that comes before a
module-level statement reading one of them (directly, or through a module-level function or
class it calls); what is left closes at the last setting.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

Setting = TypeVar("Setting")


class ModuleReads:
    """What each top-level statement of a module reads while the module imports, through the
    module-level functions and classes it calls; each statement's code is generated and parsed
    once, however many questions are asked (the overrides' places and the guard check)."""

    def __init__(self, node: cst.Module) -> None:
        self.node = node
        self._bodies: dict[str, set[str]] | None = None  # def/class -> every name it reads
        self._reached: dict[int, set[str]] = {}  # id(statement) -> what it reads, reached

    def of(self, statement: cst.BaseStatement) -> set[str]:
        found = self._reached.get(id(statement))
        if found is None:
            found = reached(reads(self.node.code_for_node(statement)), self._module_bodies())
            self._reached[id(statement)] = found
        return found

    def _module_bodies(self) -> dict[str, set[str]]:
        if self._bodies is None:
            self._bodies = {
                statement.name.value: reads(self.node.code_for_node(statement), deep=True)
                for statement in self.node.body
                if isinstance(statement, (cst.FunctionDef, cst.ClassDef))
            }
        return self._bodies


def override_groups(
    module: ModuleReads,
    settings: Sequence[Setting],
    assigns: Callable[[cst.BaseStatement, Setting], bool],
    name: Callable[[Setting], str],
) -> list[tuple[cst.BaseStatement, list[Setting]]]:
    """(statement to add the overrides after, the settings they override), in module order."""
    groups: list[tuple[cst.BaseStatement, list[Setting]]] = []
    pending: list[Setting] = []
    anchor: cst.BaseStatement | None = None
    for statement in module.node.body:
        if pending and anchor is not None and module.of(statement) & {name(s) for s in pending}:
            groups.append((anchor, pending))
            pending = []
        assigned = [s for s in settings if assigns(statement, s)]
        if assigned:
            pending += assigned
            anchor = statement
    if pending and anchor is not None:
        groups.append((anchor, pending))
    return groups


def reads(code: str, deep: bool = False) -> set[str]:
    """Names a top-level statement reads when it runs: not inside function bodies (they run
    when called), but in a class body, decorators and default values. `deep`: all of them."""
    try:
        tree = ast.parse(code.strip("\n"))
    except SyntaxError:
        return set()
    found: set[str] = set()
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if not deep and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defaults = [d for d in node.args.kw_defaults if d is not None] + node.args.defaults
            pending += defaults + getattr(node, "decorator_list", [])
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.add(node.id)
        pending += ast.iter_child_nodes(node)
    return found


def reached(names: set[str], bodies: dict[str, set[str]]) -> set[str]:
    """`names` and, through every module-level function or class among them, what they read."""
    found, pending = set(names), list(names)
    while pending:
        for name in bodies.get(pending.pop(), set()) - found:
            found.add(name)
            pending.append(name)
    return found
