"""Issue 10's rooms: every source module stays readable in one sitting, and only the CLI prints
for people (rich). Templates have their own size check (tests/render/test_variant_templates.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import sagebridge

SRC = Path(sagebridge.__file__).resolve().parent
MAX_MODULE_LINES = 400


def _modules() -> list[Path]:
    """The package's Python modules; templates/ holds generated-project files, not modules."""
    return sorted(path for path in SRC.rglob("*.py") if "templates" not in path.relative_to(SRC).parts)


def test_no_module_is_over_400_lines() -> None:
    modules = _modules()
    assert len(modules) > 100  # the package itself, not an empty folder
    long = {path.relative_to(SRC).as_posix(): n
            for path in modules
            if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_cli_imports_rich() -> None:
    users = sorted(path.relative_to(SRC).as_posix() for path in _modules()
                   if "rich" in _imported(ast.parse(path.read_text())))
    assert users, "the CLI renders with rich: the check must see its imports"
    assert [user for user in users if not user.startswith("cli/")] == []
