"""The parsed modules of one project, as analysis parsed them, and read-only lookups over them.

Analysis parses each Python file once (source.py); its finders ask three questions of those
trees: which module-level statements a piece of code needs to run on its own
(`standalone_source`), what literal value an expression has when the script runs with its
defaults (`resolve`), and where a call is made (`find_calls`). `AnalysedProject` carries the
trees beside the facts for migrate, which hands the texts to transform/; the plan receives the
facts alone (`build_plan(analysis)`).
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sagebridge.analyze.module_info import ModuleInfo, free_names
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Analysis, Hyperparameter


class Unresolved(Exception):
    """An expression whose value depends on something only known when the script runs."""


class SourceIndex:
    """Parsed Python modules of one project, keyed by their POSIX path relative to its root.

    `resolve` reads a command-line setting as its default; `with_hyperparameters` gives an
    index over the same trees that knows the settings and records which ones it used."""

    def __init__(
        self,
        modules: Mapping[str, ModuleInfo],
        hyperparameters: tuple[Hyperparameter, ...] = (),
    ) -> None:
        self.modules: Mapping[str, ModuleInfo] = modules
        self.hyperparameters = {hp.name: hp for hp in hyperparameters}
        self.hyperparameters_used: set[str] = set()  # filled by `resolve`, for callers' notes

    @classmethod
    def of(cls, parsed: Iterable[ParsedModule]) -> SourceIndex:
        return cls({m.path: ModuleInfo.of(m) for m in sorted(parsed, key=lambda m: m.path)})

    def with_hyperparameters(self, hyperparameters: tuple[Hyperparameter, ...]) -> SourceIndex:
        return SourceIndex(self.modules, hyperparameters)

    def parsed(self, file: str) -> ParsedModule | None:
        module = self.modules.get(file)
        return module.parsed if module is not None else None

    def tree(self, file: str) -> ast.Module | None:
        module = self.modules.get(file)
        return module.tree if module is not None else None

    def texts(self) -> dict[str, str]:
        """POSIX path -> text of every Python file, as analysis read it."""
        return {file: module.text for file, module in self.modules.items()}

    # ---- finding things ---------------------------------------------------------------------

    def find_calls(self, file: str, callee: str) -> list[ast.Call]:
        """Calls in `file` whose function is `callee` or `<anything>.callee`, in source order."""
        module = self.modules.get(file)
        if module is None:
            return []
        # The module's calls, from its one cached walk, already in source order.
        return [c for c in module.parsed.calls() if call_name(c).split(".")[-1] == callee]

    def call_at(self, file: str, line: int, callee: str) -> ast.Call | None:
        """The call to `callee` that starts on `line` of `file` (as analysis reported it)."""
        for call in self.find_calls(file, callee):
            if call.lineno <= line <= (call.end_lineno or call.lineno):
                return call
        return None

    def enclosing_function(self, file: str, node: ast.AST) -> ast.FunctionDef | None:
        best: ast.FunctionDef | None = None
        for candidate in self.modules[file].parsed.nodes:  # the one cached walk
            if (
                isinstance(candidate, ast.FunctionDef)
                and _contains(candidate, node)
                and (best is None or _contains(best, candidate))
            ):
                best = candidate
        return best

    def local_module(self, file: str, module: str, level: int) -> str | None:
        """The project file an import refers to, or None for third-party modules."""
        base = posixpath.dirname(file)
        for _ in range(max(level - 1, 0)):
            base = posixpath.dirname(base)
        stem = module.replace(".", "/")
        roots = [base] if level else [base, ""]
        for root in roots:
            for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                path = posixpath.normpath(posixpath.join(root, candidate))
                if path in self.modules:
                    return path
        return None

    # ---- standalone source ------------------------------------------------------------------

    def standalone_source(self, file: str, roots: set[str]) -> tuple[str, tuple[str, ...]]:
        """Module-level source from `file` that defines `roots` and everything they need.

        Imports come first (each pruned to the names needed), then the other statements in
        their original order. Names imported from other project modules are inlined from
        there. Returns (source, notes about what could not be carried over).
        """
        module = self.modules[file]
        notes: list[str] = []
        imports: dict[int, list[ast.alias]] = {}
        picked: dict[int, ast.stmt] = {}
        inlined: list[str] = []
        pending = sorted(roots)
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            stmt = module.bindings.get(name)
            if stmt is None:
                notes.append(f"{file}: `{name}` is not defined at module level")
                continue
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                alias = next(a for a in stmt.names if (a.asname or a.name.split(".")[0]) == name)
                local = (
                    self.local_module(file, stmt.module or "", stmt.level)
                    if isinstance(stmt, ast.ImportFrom)
                    else None
                )
                if local is not None:
                    source, more = self.standalone_source(local, {alias.name})
                    inlined.append(source)
                    notes.extend(more)
                    if alias.asname:
                        inlined.append(f"{alias.asname} = {alias.name}")
                    continue
                imports.setdefault(id(stmt), [])
                if alias not in imports[id(stmt)]:
                    imports[id(stmt)].append(alias)
                picked[id(stmt)] = stmt
                continue
            picked[id(stmt)] = stmt
            pending.extend(sorted(free_names(stmt) - seen))
        ordered = sorted(picked.values(), key=lambda s: s.lineno)
        import_lines = [
            _import_source(stmt, imports[id(stmt)])
            for stmt in ordered
            if isinstance(stmt, (ast.Import, ast.ImportFrom))
        ]
        bodies = [
            module.statement_source(stmt)
            for stmt in ordered
            if not isinstance(stmt, (ast.Import, ast.ImportFrom))
        ]
        # Third-party imports, then what other project modules provide, then this module's code.
        parts = ["\n".join(_dedupe(import_lines))] if import_lines else []
        parts.extend(part for part in inlined if part)
        parts.extend(bodies)
        return "\n\n\n".join(parts), tuple(_dedupe(notes))

    # ---- literal values ---------------------------------------------------------------------

    def resolve(self, file: str, node: ast.AST, depth: int = 0) -> Any:
        """The value `node` has when the script runs with its defaults, or raise Unresolved."""
        if depth > 12:
            raise Unresolved("too many indirections")
        module = self.modules[file]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.resolve(file, item, depth + 1) for item in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.resolve(file, node.operand, depth + 1)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            # `args.test_size`: a command-line setting; use its declared default.
            hyperparameter = self.hyperparameters.get(node.attr)
            if hyperparameter is not None:
                self.hyperparameters_used.add(node.attr)
                return hyperparameter.default
            raise Unresolved(module.segment(node))
        if isinstance(node, ast.Call) and call_name(node) == "os.path.join":
            parts = [self.resolve(file, arg, depth + 1) for arg in node.args]
            if all(isinstance(p, str) for p in parts):
                return posixpath.join(*parts)
            raise Unresolved(module.segment(node))
        if isinstance(node, ast.Name):
            return self._resolve_name(file, node, depth)
        raise Unresolved(module.segment(node))

    def _resolve_name(self, file: str, node: ast.Name, depth: int) -> Any:
        module = self.modules[file]
        function = self.enclosing_function(file, node)
        if function is not None:
            assigned = _last_local_assignment(function, node.id, node.lineno)
            if assigned is not None:
                return self.resolve(file, assigned, depth + 1)
            params = [a.arg for a in function.args.args]
            if node.id in params:
                return self._resolve_parameter(file, function, params.index(node.id), depth)
        stmt = module.bindings.get(node.id)
        if node.id in self.hyperparameters:  # a module constant the migration makes a setting
            self.hyperparameters_used.add(node.id)
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            return self.resolve(file, stmt.value, depth + 1)
        raise Unresolved(node.id)

    def _resolve_parameter(
        self, file: str, function: ast.FunctionDef, index: int, depth: int
    ) -> Any:
        """A parameter's value: the argument of the function's one call site in the module."""
        name = function.args.args[index].arg
        values = set()
        for call in self.find_calls(file, function.name):
            argument: ast.AST | None = None
            if index < len(call.args):
                argument = call.args[index]
            for keyword in call.keywords:
                if keyword.arg == name:
                    argument = keyword.value
            if argument is None:
                defaults = function.args.defaults
                offset = index - (len(function.args.args) - len(defaults))
                if offset < 0:
                    raise Unresolved(name)
                argument = defaults[offset]
            values.add(repr(self.resolve(file, argument, depth + 1)))
        if len(values) != 1:
            raise Unresolved(f"{name} ({len(values)} distinct values at the call sites)")
        return ast.literal_eval(values.pop())


def call_name(call: ast.Call) -> str:
    """`torch.save(...)` -> "torch.save"; "" for calls on computed objects."""
    parts: list[str] = []
    func: ast.AST = call.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    elif parts:
        parts.append("")
    return ".".join(reversed(parts))


def keyword(call: ast.Call, name: str, position: int | None = None) -> ast.expr | None:
    """The argument passed as `name=` (or at `position`), if any."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    if outer is inner:
        return False
    start = (outer.lineno, outer.col_offset)  # type: ignore[attr-defined]
    end = (outer.end_lineno, outer.end_col_offset)  # type: ignore[attr-defined]
    return start <= (inner.lineno, inner.col_offset) and (  # type: ignore[attr-defined]
        (inner.end_lineno, inner.end_col_offset) <= end  # type: ignore[attr-defined]
    )


def _last_local_assignment(function: ast.FunctionDef, name: str, before: int) -> ast.expr | None:
    found: ast.Assign | None = None
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and node.lineno < before
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and (found is None or node.lineno > found.lineno)
        ):
            found = node
    return found.value if found is not None else None


def _import_source(stmt: ast.Import | ast.ImportFrom, aliases: list[ast.alias]) -> str:
    names = ", ".join(
        f"{a.name} as {a.asname}" if a.asname else a.name
        for a in sorted(aliases, key=lambda a: stmt.names.index(a))
    )
    if isinstance(stmt, ast.Import):
        return f"import {names}"
    return f"from {'.' * stmt.level}{stmt.module or ''} import {names}"


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class AnalysedProject:
    """What analysis returns as a whole: the facts, and the modules it parsed to find them."""

    analysis: Analysis
    index: SourceIndex
