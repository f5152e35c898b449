"""Where things are: the repository this test suite belongs to and its example projects."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXAMPLE_NAMES = ("ec2-mnist", "sklearn-digits", "xgboost-tabular")


def example(name: str) -> Path:
    """examples/<name> of this checkout (the users' "before" code: never written to)."""
    path = EXAMPLES / name
    if not path.is_dir():
        raise ValueError(f"no example {name!r} under {EXAMPLES}")
    return path
