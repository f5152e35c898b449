"""The `import X` statements a codemod asked for, added at the top of the module.

Same result as LibCST's `AddImportsVisitor` for plain module imports (the only kind the
transforms schedule): modules already imported at the top are skipped, the others are added,
sorted, after the first block of imports (after the docstring or `__strict__` flag), and the
first statement after that block gets one empty line before it. Unlike the visitor this looks at
the module's top-level statements only, so it costs nothing on a large file.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst


def _skips_first(module: cst.Module) -> bool:
    """A docstring or `__strict__ = ...` first: imports never go above it."""
    if not module.body or not isinstance(module.body[0], cst.SimpleStatementLine):
        return False
    body = module.body[0].body
    if len(body) != 1:
        return False
    only = body[0]
    if isinstance(only, cst.Expr):
        return isinstance(only.value, cst.SimpleString)
    return (
        isinstance(only, cst.Assign)
        and len(only.targets) == 1
        and isinstance(only.targets[0].target, cst.Name)
        and only.targets[0].target.value == "__strict__"
    )


def _is_import_line(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], (cst.Import, cst.ImportFrom))
    )


def top_block(module: cst.Module) -> tuple[int, int]:
    """(first statement of the top import block, first statement after it)."""
    start = end = 1 if _skips_first(module) else 0
    for index in range(start, len(module.body)):
        if not _is_import_line(module.body[index]):
            break
        end = index + 1
    return start, end


def imported_modules(module: cst.Module) -> set[str]:
    """Modules the top import block imports without an alias (`import os.path` -> os.path)."""
    start, end = top_block(module)
    names: set[str] = set()
    for statement in module.body[start:end]:
        assert isinstance(statement, cst.SimpleStatementLine)
        node = statement.body[0]
        if isinstance(node, cst.Import):
            names.update(alias.evaluated_name for alias in node.names if alias.asname is None)
    return names


Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def _with_empty_line(statement: Statement) -> Statement:
    leading = statement.leading_lines
    if not leading:
        return statement.with_changes(leading_lines=(cst.EmptyLine(),))
    if leading[0].comment is None:
        return statement
    return statement.with_changes(leading_lines=(cst.EmptyLine(), *leading))


def add_imports(module: cst.Module, wanted: Iterable[str]) -> cst.Module:
    """`module` with `import NAME` for each wanted module not imported at the top yet."""
    missing = sorted(set(wanted) - imported_modules(module))
    if not missing:
        return module
    _, end = top_block(module)
    config = module.config_for_parsing
    added = [cst.parse_statement(f"import {name}", config=config) for name in missing]
    after = list(module.body[end:])
    if after:
        after[0] = _with_empty_line(after[0])
    return module.with_changes(body=(*module.body[:end], *added, *after))
