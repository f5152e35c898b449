"""State files under OUT/.sagebridge are written all-or-nothing, and a damaged one (a killed
write before they were, a full disk, a hand edit) costs a rebuild with one warning, never a
traceback on every later run."""

from __future__ import annotations

import json
import os
import stat
import textwrap
from pathlib import Path

import pytest
from tiny_pipeline import definition, upload_code, write_numbers

from sagebridge.local.definition import cached_definition
from sagebridge.local.run.execution import CACHE_DIR
from sagebridge.local.run.records import StepStatus
from sagebridge.local.run.runner import (
    RunOptions,
    RunStatus,
    local_store,
    run_definition,
)
from sagebridge.state import read_json_entry, write_atomic


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    upload_code(local_store(folder))
    write_numbers(tmp_path / "data", [1, 2, 3, 4, 5, 6])
    return folder


def run(out: Path):
    options = RunOptions(
        out=out, parameters={"Threshold": "13"}, data={"raw": str(out.parent / "data")}
    )
    return run_definition(definition(), options)


def damage(path: Path, how: str) -> None:
    if how == "truncated":  # what a kill in the middle of write_text left behind
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "garbage":
        path.write_bytes(b"\x00\xff\xfe garbage \x89")
    elif how == "empty":
        path.write_bytes(b"")
    else:  # valid JSON, wrong shape
        path.write_text(json.dumps({"properties": "nope"}))


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "wrong-shape"])
def test_damaged_step_cache_entry_is_a_miss_with_a_warning(out: Path, how: str) -> None:
    first = run(out)
    assert first.status == RunStatus.SUCCEEDED and not first.warnings
    entries = sorted((out / ".sagebridge" / CACHE_DIR).glob("*.json"))
    assert len(entries) == 3  # Preprocess, Train, Evaluate
    for entry in entries:
        damage(entry, how)

    second = run(out)
    assert second.status == RunStatus.SUCCEEDED
    ran = {r.name: r.status for r in second.steps}
    assert ran["Preprocess"] == ran["Train"] == ran["Evaluate"] == StepStatus.SUCCEEDED
    assert len(second.warnings) == 3
    for entry, warning in zip(entries, sorted(second.warnings), strict=True):
        assert warning.startswith(f"{entry}: damaged step cache entry")
        assert "\n" not in warning

    third = run(out)  # the rebuilt entries are good again
    assert {r.name: r.status for r in third.steps}["Train"] == StepStatus.CACHED
    assert not third.warnings


PIPELINE = textwrap.dedent(
    """
    import json, sys
    print(json.dumps({"Version": "2020-12-01", "Parameters": [], "Steps": [
        {"Name": "Gate", "Type": "Fail", "Arguments": {"ErrorMessage": "x"}}]}))
    """
)


@pytest.mark.parametrize("how", ["truncated", "garbage", "wrong-shape"])
def test_damaged_definition_cache_is_rebuilt_with_a_warning(tmp_path: Path, how: str) -> None:
    out = tmp_path / "out"
    (out / "pipeline").mkdir(parents=True)
    (out / "pipeline" / "pipeline.py").write_text(PIPELINE)
    store, cache = local_store(out), out / ".sagebridge" / "definitions"
    warnings: list[str] = []
    built = cached_definition(out, store, cache, warnings=warnings)
    assert built.steps[0].name == "Gate" and not warnings
    (entry,) = cache.glob("*.json")
    damage(entry, how)

    again = cached_definition(out, store, cache, warnings=warnings)
    assert again == built
    assert len(warnings) == 1 and warnings[0].startswith(f"{entry}: damaged definition cache")
    assert json.loads(entry.read_text())["definition"] == built.document  # rewritten whole

    warnings.clear()
    assert cached_definition(out, store, cache, warnings=warnings) == built and not warnings


def test_a_cached_definition_that_does_not_read_as_one_is_rebuilt(tmp_path: Path) -> None:
    """A cache entry of the right JSON shape whose steps are not steps (no Name): rebuilt with a
    warning, never handed to the run (where it crashed with a KeyError)."""
    out = tmp_path / "out"
    (out / "pipeline").mkdir(parents=True)
    (out / "pipeline" / "pipeline.py").write_text(PIPELINE)
    store, cache = local_store(out), out / ".sagebridge" / "definitions"
    warnings: list[str] = []
    built = cached_definition(out, store, cache, warnings=warnings)
    (entry,) = cache.glob("*.json")
    entry.write_text(json.dumps({"definition": {"Steps": [{"Type": "Fail"}]}, "uploads": []}))

    assert cached_definition(out, store, cache, warnings=warnings) == built
    assert len(warnings) == 1 and warnings[0].startswith(f"{entry}: damaged definition cache")


def test_write_atomic_replaces_whole_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "state" / "last-run.json"
    write_atomic(target, "old")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert os.listdir(target.parent) == ["last-run.json"]
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600


def test_write_atomic_interrupted_keeps_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between the write and the rename (os.fsync patched to raise: a real signal can't
    be aimed at that instant) leaves the old content and no temporary file."""
    target = tmp_path / "entry.json"
    write_atomic(target, "old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["entry.json"]


def test_read_json_entry(tmp_path: Path) -> None:
    warnings: list[str] = []
    assert read_json_entry(tmp_path / "missing.json", warnings, "x") is None and not warnings
    (tmp_path / "list.json").write_text("[1]")
    assert read_json_entry(tmp_path / "list.json", warnings, "step cache entry") is None
    assert warnings == [
        f"{tmp_path / 'list.json'}: damaged step cache entry (not a JSON object), ignored: rebuilding it"
    ]
