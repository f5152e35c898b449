"""All the codemods a file needs in one walk of its tree, with the result of running them one
after another.

Run one by one, each codemod costs a full tree walk, a position resolution (a code generation)
and a code generation to see whether it changed anything. `CombinedPass` walks the tree once and
offers each node to the codemods that have a hook for its type, in `TRANSFORMS` order: a node's
`leave_` hooks are chained (the second codemod receives what the first returned), and the
statements the codemods insert around a statement are placed where running them in sequence
would have put them: `before` in codemod order, `after` in reverse order (each codemod inserts
right next to the user's statement, so a later one lands closer to it), except insertions a
codemod makes because the statement is the first or last of its block (`PlanCodemod.at_edge`:
the first statement of the entry block, the last one of the epoch loop): in sequence such a
codemod sees the earlier ones' insertions as the block's new edge, so its own go outside them.

Where one walk can't promise the sequential result, it raises `Inexact` and the driver runs the
codemods one by one instead:
- a module-level insertion next to the top import block while imports are added (the added
  imports and their blank line would be placed around it differently);
- a codemod asks for the position of a node that is not in the parsed tree, a `visit_` hook
  returns False (skip the children), or a codemod has a hook the walk doesn't dispatch
  (attribute hooks, its own `on_visit`/`on_leave`, block or module handling of its own).
A node a `leave_` hook replaces by another kind of node (`parse_args()` -> `parse_known_args()[0]`)
is not offered to the later codemods' hooks for its old kind: those hooks decide by the user's
original nodes, which the replacement is not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst
from libcst.metadata import CodeRange

from sagebridge.transform.base import PlanCodemod, Positions
from sagebridge.transform.imports import add_imports, top_block

Hook = Callable[..., Any]
_OWN = ("visit_IndentedBlock", "leave_IndentedBlock", "leave_Module")  # the walk does these
_NOT_DISPATCHED = ("on_visit", "on_leave", "on_visit_attribute", "on_leave_attribute")
_HOOKS: dict[type[PlanCodemod], tuple[tuple[str, str], ...] | None] = {}


class Inexact(Exception):
    """One walk can't give what the codemods give one after another; run them in sequence."""


class OriginalPositions(Positions):
    """Positions of the parsed tree; a node not in it means a codemod works on a new node."""

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        try:
            return super().__getitem__(node)
        except KeyError:
            raise Inexact(f"position of a {type(node).__name__} not in the parsed tree") from None


def _hooks(codemod: type[PlanCodemod]) -> tuple[tuple[str, str], ...] | None:
    """(kind "visit"/"leave", node type name) of each hook `codemod` defines; None when the
    walk can't dispatch them all."""
    if codemod not in _HOOKS:
        _HOOKS[codemod] = _find_hooks(codemod)
    return _HOOKS[codemod]


def _find_hooks(codemod: type[PlanCodemod]) -> tuple[tuple[str, str], ...] | None:
    found: list[tuple[str, str]] = []
    names = {
        name
        for klass in codemod.__mro__[: codemod.__mro__.index(cst.CSTTransformer)]
        for name in vars(klass)
    }  # what the codemod's own classes define (`dir` would list LibCST's ~1,000 no-op hooks)
    for name in sorted(names):
        kind, _, node_type = name.partition("_")
        if kind not in ("visit", "leave", "on") or getattr(codemod, name) is getattr(
            cst.CSTTransformer, name, None
        ):
            continue
        if name in _NOT_DISPATCHED or (
            name in _OWN and getattr(codemod, name) is not getattr(PlanCodemod, name)
        ):
            return None
        if kind == "on" or name in _OWN:
            continue
        node_class = getattr(cst, node_type, None)
        if not (isinstance(node_class, type) and issubclass(node_class, cst.CSTNode)):
            return None  # an attribute hook (`visit_Call_func`) or a name we don't know
        found.append((kind, node_type))
    return tuple(found)


def combinable(codemods: Sequence[type[PlanCodemod]]) -> bool:
    return all(_hooks(codemod) is not None for codemod in codemods)


class CombinedPass(cst.CSTTransformer):
    """Walk a tree once for `codemods` (instances sharing one `OriginalPositions`)."""

    def __init__(self, codemods: Sequence[PlanCodemod]) -> None:
        super().__init__()
        self.codemods = list(codemods)
        self.changed = [False] * len(codemods)  # which codemods changed something
        self._visits: dict[str, list[Hook]] = {}
        self._leaves: dict[str, list[tuple[int, Hook]]] = {}
        for index, codemod in enumerate(self.codemods):
            for kind, node_type in _hooks(type(codemod)) or ():
                hook = getattr(codemod, f"{kind}_{node_type}")
                if kind == "visit":
                    self._visits.setdefault(node_type, []).append(hook)
                else:
                    self._leaves.setdefault(node_type, []).append((index, hook))
        self._imports_end = 0  # index of the first module-level statement after the imports

    def on_visit(self, node: cst.CSTNode) -> bool:
        node_type = type(node).__name__
        if node_type == "IndentedBlock":
            for codemod in self.codemods:
                codemod._depth += 1
        elif node_type == "Module":
            assert isinstance(node, cst.Module)
            _, self._imports_end = top_block(node)
        for hook in self._visits.get(node_type, ()):
            if hook(node) is False:
                raise Inexact(f"a visit_{node_type} hook skips the children")
        return True

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        node_type = type(original_node).__name__
        result: Any = updated_node
        for index, hook in self._leaves.get(node_type, ()):
            if type(result) is not type(original_node):
                break  # replaced by another kind of node (or removed)
            new = hook(original_node, result)
            if new is not result and not self.changed[index]:
                self.changed[index] = not (isinstance(new, cst.CSTNode) and new.deep_equals(result))
            result = new
        if node_type == "IndentedBlock":
            assert isinstance(original_node, cst.IndentedBlock)
            body = self._with_insertions(original_node.body, result.body, module=False)
            for codemod in self.codemods:
                codemod._depth -= 1
            return result.with_changes(body=body)
        if node_type == "Module":
            assert isinstance(original_node, cst.Module)
            body = self._with_insertions(original_node.body, result.body, module=True)
            for codemod in self.codemods:
                codemod.finish()
            return result.with_changes(body=body)
        return result

    def _with_insertions(
        self,
        original: Sequence[cst.BaseStatement],
        updated: Sequence[cst.BaseStatement],
        *,
        module: bool,
    ) -> list[cst.BaseStatement]:
        body: list[cst.BaseStatement] = []
        last = len(original) - 1
        for position, (old, new) in enumerate(zip(original, updated)):
            before: list[cst.BaseStatement] = []
            after: list[cst.BaseStatement] = []
            for index, codemod in enumerate(self.codemods):
                added = codemod.before(old, codemod._depth)
                if added:
                    self.changed[index] = True
                    if position == 0 and codemod.at_edge(old):
                        before[:0] = added  # in sequence: before the earlier ones' insertions
                    else:
                        before.extend(added)
                added = codemod.after(old, codemod._depth)
                if added:
                    self.changed[index] = True
                    if position == last and codemod.at_edge(old):
                        after.extend(added)  # in sequence: after the earlier ones' insertions
                    else:
                        after[:0] = added
            if module and (
                (before and position <= self._imports_end)
                or (after and position < self._imports_end)
            ):
                self.near_imports = True  # in or at the end of the docstring and import block
            body += [*before, new, *after]
        return body

    near_imports = False  # a module-level insertion touches the top import block

    def add_imports(self, tree: cst.Module) -> cst.Module:
        """The imports each codemod asked for, added after the walk in codemod order (as the
        sequential driver adds them after each codemod)."""
        asked = [codemod.context.imports for codemod in self.codemods]
        if self.near_imports and any(asked):
            raise Inexact("a module-level insertion next to the imports being added")
        for index, imports in enumerate(asked):
            if imports:
                added = add_imports(tree, imports)
                if added is not tree:
                    self.changed[index] = True
                    tree = added
        return tree
