"""The code runs on the container's Python, not this machine's: a static minimum-version check.

Every Python file under OUT/code (generated and the user's) is parsed with
`ast.parse(..., feature_version=(3, minor))` for the Python of the chosen images
(metadata.json `images`, plan/images.py), which rejects syntax newer than that (`match`,
`except*`, ...), and then searched for what parses but fails at import on an older Python:

* `tuple[int, int]`, `dict[str, Any]`... (PEP 585, 3.9) and `X | Y` (PEP 604, 3.10) in
  annotations Python evaluates at import (function signatures, module and class level) when the
  file lacks `from __future__ import annotations`;
* standard-library modules newer than the image (`tomllib`, `zoneinfo`, ...).

    check(project)  # CheckResult "python-version": one finding per construct, file and line
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from sagebridge.project.layout import METADATA_FILE as METADATA
from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckResult, Finding, Severity, result, skipped

NAME = "python-version"
CODE_DIR = "code"
GENERIC_BUILTINS = frozenset({"tuple", "list", "dict", "set", "frozenset", "type"})
ABC_MODULES = frozenset({"collections.abc", "collections"})
NEW_MODULES = {
    "zoneinfo": (3, 9),
    "graphlib": (3, 9),
    "tomllib": (3, 11),
}


def target_python(project: Project) -> tuple[int, int] | None:
    """The oldest Python among the images the code runs on, from metadata.json."""
    try:
        images = project.generated.metadata["images"]
        versions = [tuple(images["python"]), tuple(images["inference_python"])]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    major, minor = min(versions)
    return int(major), int(minor)


def check(project: Project) -> CheckResult:
    python = target_python(project)
    if python is None:
        return skipped(NAME, f"{METADATA} names no image Python: regenerate with `sagebridge migrate`")
    sources = [p for p in project.files(".py") if project.rel(p).startswith(CODE_DIR + "/")]
    if not sources:
        return skipped(NAME, f"no Python files under {CODE_DIR}/")
    findings: list[Finding] = []
    for path in sources:
        rel = project.rel(path)
        findings.extend(
            Finding(NAME, Severity.ERROR, rel, line, message, rule)
            for line, message, rule in problems(path.read_text(encoding="utf-8"), python)
        )
    label = ".".join(map(str, python))
    return result(NAME, findings, reason=f"{len(sources)} files against the image's Python {label}")


def problems(source: str, python: tuple[int, int]) -> list[tuple[int | None, str, str]]:
    """(line, what fails and why, rule) for `source` running on `python`."""
    label = ".".join(map(str, python))
    try:
        tree = ast.parse(source, feature_version=python)
    except SyntaxError as error:
        return [(error.lineno, f"not valid Python {label}: {error.msg}", "syntax")]
    found: list[tuple[int | None, str, str]] = []
    if not _postponed(tree):
        abc_names = _abc_names(tree)
        for annotation in _evaluated_annotations(tree):
            for node in ast.walk(annotation):
                need = _needs(node, abc_names)
                if need is not None and need > python:
                    construct = "X | Y" if isinstance(node, ast.BinOp) else ast.unparse(node)
                    message = (
                        f"`{construct}` in an annotation evaluated at import needs Python "
                        f"{need[0]}.{need[1]}; the image runs {label}: add "
                        "`from __future__ import annotations`"
                    )
                    found.append((getattr(node, "lineno", None), message, "annotation"))
                    break
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            need = NEW_MODULES.get(module.split(".")[0])
            if need is not None and need > python:
                found.append((
                    getattr(node, "lineno", None),
                    f"module {module} needs Python {need[0]}.{need[1]}; the image runs {label}",
                    "module",
                ))
    return found


def _postponed(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )


def _abc_names(tree: ast.Module) -> set[str]:
    """Names imported from collections.abc (subscriptable at run time only on 3.9+)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ABC_MODULES
        for alias in node.names
    }


def _evaluated_annotations(tree: ast.Module) -> Iterator[ast.expr]:
    """Annotations Python evaluates: signatures anywhere, variables at module/class level."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            yield from (a.annotation for a in every if a.annotation is not None)
            if node.returns is not None:
                yield node.returns
        elif isinstance(node, (ast.Module, ast.ClassDef)):
            yield from (
                stmt.annotation for stmt in node.body if isinstance(stmt, ast.AnnAssign)
            )


def _needs(node: ast.AST, abc_names: set[str]) -> tuple[int, int] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return (3, 10)
    if isinstance(node, ast.Subscript):
        value = node.value
        if isinstance(value, ast.Name) and (value.id in GENERIC_BUILTINS or value.id in abc_names):
            return (3, 9)
        if isinstance(value, ast.Attribute) and ast.unparse(value.value) in ABC_MODULES:
            return (3, 9)
    return None


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module]
    return []
