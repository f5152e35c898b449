"""Module constants of a settings module the entry point imports (`config.py`), which become
hyperparameters like the entry point's own constants.

    config.py:  EPOCHS = 10                 train.py:  import config as cfg
                MAX_DEPTH = 6                          from config import EPOCHS
                                                       ... cfg.MAX_DEPTH ... EPOCHS ...
    -> EPOCHS, MAX_DEPTH: constants of config.py, flags --epochs, --max_depth

Only the constants the entry point reads from the module count (`from config import X`,
`config.X` / `cfg.X` after `import config as cfg`; every one after `from config import *`), by
constants.py's rules (literal numbers and booleans, strings only when the name says setting,
no paths, no credentials). The module gets the parser (transform/hyperparameters.py), right
after its last setting, so every importer sees the values SageMaker passes.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Sequence

from sagebridge.analyze.constants import find_constants
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Hyperparameter

EVERY = "*"


def find_config_module_constants(modules: Sequence[ParsedModule]) -> tuple[Hyperparameter, ...]:
    """The constants the entry point (modules[0]) reads from the project modules it imports."""
    if not modules:
        return ()
    entry = modules[0]
    found: list[Hyperparameter] = []
    for module in modules[1:]:
        read = _read_from(entry, _import_names(module.path))
        if not read:
            continue
        constants = find_constants(module, frozenset(read - {EVERY}))
        found += [c for c in constants if EVERY in read or c.name in read]
    return tuple(found)


def _import_names(path: str) -> set[str]:
    """`src/config.py` -> {"src.config", "config"}: how an importer may name it."""
    stem = posixpath.splitext(path)[0]
    if stem.endswith("/__init__"):
        stem = stem.removesuffix("/__init__")
    parts = stem.split("/")
    return {".".join(parts[index:]) for index in range(len(parts))}


def _read_from(entry: ParsedModule, names: set[str]) -> set[str]:
    """Names the entry point reads from a module imported as one of `names`."""
    read: set[str] = set()
    aliases: set[str] = set()
    for node in entry.nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in names:
            read |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level > 0 and node.module in names:
            read |= {alias.name for alias in node.names}  # from .config import X
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in names:
                    aliases.add(alias.asname or alias.name)
    if aliases:
        for node in entry.nodes:
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Load)
                and _dotted(node.value) in aliases
            ):
                read.add(node.attr)
    return read


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None
