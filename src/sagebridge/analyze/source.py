"""One parsed Python file, its nodes listed once, and the two questions every visitor asks of it.

`ParsedModule.segment(node)` gives the source text of a node exactly as written (the
transforms reuse it), and `ParsedModule.qualified(node)` resolves a name through the file's
imports (`nn.Module` -> `torch.nn.Module`), so visitors compare against one spelling.
Parsing uses the standard `ast` module: nothing is imported or executed.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the only line breaks `ast` counts


@dataclass(frozen=True)
class ParsedModule:
    path: str  # POSIX path relative to the project root
    text: str
    tree: ast.Module
    imports: Mapping[str, str]  # name bound by an import -> qualified dotted name
    _lines: tuple[bytes, ...] = field(repr=False, compare=False, default=())

    @classmethod
    def parse(cls, path: str, text: str) -> ParsedModule:
        """Parse `text`; `SyntaxError`, `ValueError` and `RecursionError` propagate."""
        tree = ast.parse(text, filename=path)
        lines = tuple(part.encode("utf-8") for part in _split_lines(text))
        return cls(path=path, text=text, tree=tree, imports=_import_map(tree), _lines=lines)

    def segment(self, node: ast.AST) -> str:
        """The source of `node` as written (`ast` offsets are UTF-8 byte columns)."""
        start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        first, last = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if start is None or end is None or first is None or last is None:
            return ast.unparse(node)
        if start == end:
            return self._lines[start - 1][first:last].decode("utf-8", "replace")
        pieces = [self._lines[start - 1][first:]]
        pieces.extend(self._lines[start : end - 1])
        pieces.append(self._lines[end - 1][:last])
        return b"\n".join(pieces).decode("utf-8", "replace")

    def qualified(self, node: ast.AST) -> str | None:
        """`nn.Module` -> `torch.nn.Module` via this file's imports; None if not a dotted name."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(self.imports.get(node.id, node.id))
        return ".".join(reversed(parts))

    def calls(self) -> Iterator[ast.Call]:
        """Every call in the file, in source order."""
        yield from self._calls

    @cached_property
    def nodes(self) -> tuple[ast.AST, ...]:
        """Every node of the tree in `ast.walk` order, from one walk per file however many
        visitors ask (the tree is never changed after parsing)."""
        return tuple(ast.walk(self.tree))

    @cached_property
    def _calls(self) -> tuple[ast.Call, ...]:
        found = [node for node in self.nodes if isinstance(node, ast.Call)]
        return tuple(sorted(found, key=lambda node: (node.lineno, node.col_offset)))


def _split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def _import_map(tree: ast.Module) -> dict[str, str]:
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    imports[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    dotted = f"{base}.{alias.name}" if node.module else base + alias.name
                    imports[alias.asname or alias.name] = dotted
    return imports


def call_name(module: ParsedModule, call: ast.Call) -> str:
    """The callee resolved through imports, or its source when it is not a dotted name."""
    return module.qualified(call.func) or module.segment(call.func)


def last_name(call: ast.Call) -> str | None:
    """`os.path.join` -> `join`, `print` -> `print`."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument given by position or by keyword, whichever the call uses. Positions from a
    `*args` on are unknown: only the arguments written before it count."""
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            break
        if index == position:
            return arg
    return keyword(call, name)


def string_value(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def enclosing_functions(tree: ast.Module) -> dict[int, str]:
    """id(node) -> name of the innermost function that contains it (module level is absent)."""
    owners: dict[int, str] = {}

    def visit(node: ast.AST, owner: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = owner
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name
            if inner is not None:
                owners[id(child)] = inner
            visit(child, inner)

    visit(tree, None)
    return owners


def is_main_guard(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` in either order."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    strings = [s for s in sides if string_value(s) == "__main__"]
    return len(names) == 1 and len(strings) == 1


_NOT_CODE = frozenset(
    {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
)


def count_code_lines(text: str) -> int:
    """Lines holding at least one token that is not a comment (docstrings count as code)."""
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type not in _NOT_CODE:
                lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return sum(
            1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
        )
    return len(lines)


def argv_index(module: ParsedModule, value: ast.expr) -> int | None:
    """N of the first `sys.argv[N]` (N a positive int literal) inside `value`, else None."""
    for node in ast.walk(value):
        if (
            isinstance(node, ast.Subscript)
            and module.qualified(node.value) == "sys.argv"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
            and not isinstance(node.slice.value, bool)
            and node.slice.value > 0
        ):
            return node.slice.value
    return None
