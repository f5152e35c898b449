"""Where things are: the repository this test suite belongs to and its example projects."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXAMPLE_NAMES = ("ec2-mnist", "sklearn-digits", "xgboost-tabular")


def example(name: str) -> Path:
    """examples/<name> of this checkout (the users' "before" code: never written to)."""
    path = EXAMPLES / name
    if not path.is_dir():
        raise ValueError(f"no example {name!r} under {EXAMPLES}")
    return path


def load_module(path: Path) -> ModuleType:
    """The module in `path` (a bench script, a recorder), imported once under its file name
    without putting its folder on sys.path for the rest of the session."""
    name = path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
