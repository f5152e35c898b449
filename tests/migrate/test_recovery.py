"""What a kill during `write_tree` leaves on disk, and the next migrate recovering from it.

The states are made by hand as the swap in render/writer.py leaves them at each step; a real
SIGKILL at random moments is in tests/faults/test_migrate_signals.py."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES
from .test_cli import tree_hash

EXAMPLE = EXAMPLES / "sklearn-digits"


@pytest.fixture
def good_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    migrate_project(EXAMPLE, out)
    (out / ".sagebridge").mkdir()
    (out / ".sagebridge" / "registry.db").write_text("registered models")
    return out


def _mkdtemp(out: Path, kind: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))


def _staged_copy(out: Path) -> Path:
    staging = _mkdtemp(out, "staging")
    shutil.copytree(out, staging, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".sagebridge"))
    return staging


def test_killed_between_the_two_renames_out_is_put_back(good_out: Path, tmp_path: Path) -> None:
    before = tree_hash(good_out)
    staging = _staged_copy(good_out)
    os.replace(good_out / ".sagebridge", staging / ".sagebridge")  # kept folder moved across
    old = _mkdtemp(good_out, "old")
    os.replace(good_out, old / "tree")  # ... then the kill: OUT is missing
    assert not good_out.exists()

    result = migrate_project(EXAMPLE, good_out, force=True)

    assert tree_hash(good_out) == before
    assert (good_out / ".sagebridge" / "registry.db").read_text() == "registered models"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert any("put back the previous tree" in warning for warning in result.warnings)


def test_killed_between_the_two_renames_without_force_restores_then_refuses(
    good_out: Path, tmp_path: Path
) -> None:
    from sagebridge.errors import UserError

    before = tree_hash(good_out)
    old = _mkdtemp(good_out, "old")
    os.replace(good_out, old / "tree")

    with pytest.raises(UserError, match="already exists"):
        migrate_project(EXAMPLE, good_out)

    assert tree_hash(good_out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_killed_while_moving_kept_folders_they_come_back(good_out: Path, tmp_path: Path) -> None:
    staging = _staged_copy(good_out)
    os.replace(good_out / ".sagebridge", staging / ".sagebridge")  # killed right after this

    migrate_project(EXAMPLE, good_out, force=True)

    assert (good_out / ".sagebridge" / "registry.db").read_text() == "registered models"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("kind", ["staging", "old"])
def test_stale_folders_of_our_naming_are_removed(good_out: Path, tmp_path: Path, kind: str) -> None:
    stale = _mkdtemp(good_out, kind)
    (stale / "half-written.py").write_text("x = ")
    other = tmp_path / ".out.staging-mine"  # not a mkdtemp name: not ours to remove
    other.mkdir()

    migrate_project(EXAMPLE, good_out, force=True)

    assert not stale.exists()
    assert other.is_dir()


def test_dry_run_repairs_nothing(good_out: Path, tmp_path: Path) -> None:
    stale = _mkdtemp(good_out, "staging")
    migrate_project(EXAMPLE, good_out, force=True, dry_run=True)
    assert stale.is_dir()
