"""Which Python files are training code and which are companions carried along untouched.

Training code is the entry point and the project modules it imports, directly or through each
other (`import model`, `from data import Corpus`, `from .utils import x`, `import pkg.sub`), found
beside the importing file or from the project root. Every other Python file is a companion: a
data-preparation script (`prepare.py`, `generate_data.py`), a sampler, a configurator the entry
point `exec`s. Companions are copied into code/ as they are; no fact is taken from them, so
their settings, paths and saves never become the entry point's.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Mapping

from sagebridge.analyze.source import ParsedModule


def training_files(modules: Mapping[str, ParsedModule], entry: str) -> set[str]:
    """The entry point and every project file it imports (transitively)."""
    reached = {entry}
    pending = [entry]
    while pending:
        current = modules[pending.pop()]
        for target in _imported_files(current, modules):
            if target not in reached:
                reached.add(target)
                pending.append(target)
    return reached


def companions(modules: Mapping[str, ParsedModule], entry: str) -> tuple[str, ...]:
    training = training_files(modules, entry)
    return tuple(sorted(p for p in modules if p not in training))


def _imported_files(module: ParsedModule, modules: Mapping[str, ParsedModule]) -> set[str]:
    folder = posixpath.dirname(module.path)
    found: set[str] = set()
    for node in ast.walk(module.tree):
        names: list[str] = []
        bases = [folder, ""]
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = folder
                for _ in range(node.level - 1):
                    up = posixpath.dirname(up)
                bases = [up]
            names = [base] if base else []
            names += [f"{base}.{a.name}" if base else a.name for a in node.names]
        parents = [n.rsplit(".", i)[0] for n in names for i in range(1, n.count(".") + 1)]
        for name in names + parents:  # importing pkg.data runs pkg/__init__.py too
            for root in bases:
                path = _module_file(root, name, modules)
                if path is not None:
                    found.add(path)
                    break
    return found


def _module_file(root: str, dotted: str, modules: Mapping[str, ParsedModule]) -> str | None:
    relative = dotted.replace(".", "/")
    for candidate in (f"{relative}.py", f"{relative}/__init__.py"):
        path = posixpath.join(root, candidate) if root else candidate
        if path in modules:
            return path
    return None
