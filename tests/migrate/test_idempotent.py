"""Migrating already-migrated code changes nothing: the whole chain (analyse, plan, all eight
transforms) over each example's OUT/code gives back the same train.py, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "train.py").is_file())


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_second_migration_is_a_no_op(example: str, migrated, tmp_path: Path) -> None:
    code = migrated(example) / "code"
    again_src = tmp_path / example
    again_src.mkdir()
    for name in ("train.py", "sagebridge_runtime.py"):
        shutil.copy(code / name, again_src / name)

    result = migrate_project(again_src, tmp_path / "out", entry_point="train.py")

    assert (tmp_path / "out" / "code" / "train.py").read_bytes() == (code / "train.py").read_bytes()
    assert result.changes == ()
    assert (tmp_path / "out" / "docs" / "train.diff").read_text() == ""


def test_every_example_is_covered() -> None:
    assert EXAMPLE_NAMES == ["ec2-mnist", "sklearn-digits", "xgboost-tabular"]
