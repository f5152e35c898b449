"""`migrate --force` never deletes the user's data: it refuses a SRC inside OUT (and OUT == SRC)
and replaces only an empty folder or one sagebridge generated (its `metadata.json`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from sagebridge.errors import EXIT_USER_ERROR
from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES
from .test_cli import tree_hash

EXAMPLE = "sklearn-digits"


def test_src_inside_out_is_refused_even_with_force(tmp_path: Path) -> None:
    container = tmp_path / "container"
    src = container / "src"
    shutil.copytree(EXAMPLES / EXAMPLE, src)
    before = tree_hash(container)

    done = sagebridge("migrate", str(src), "-o", str(container), "--force", cwd=tmp_path)

    assert done.returncode == EXIT_USER_ERROR, done.stderr
    assert "holds the source" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert tree_hash(container) == before


def test_out_equal_to_src_is_refused_with_force(tmp_path: Path) -> None:
    src = tmp_path / "project"
    shutil.copytree(EXAMPLES / EXAMPLE, src)
    before = tree_hash(src)

    done = sagebridge("migrate", str(src), "-o", str(src), "--force", cwd=tmp_path)

    assert done.returncode == EXIT_USER_ERROR
    assert tree_hash(src) == before


@pytest.mark.parametrize(
    "metadata",
    [None, "{not json", json.dumps({"schema": 1}), json.dumps({"generator": {"name": "x"}}),
     json.dumps({"schema": 1, "generator": {"name": "cookiecutter"}})],
    ids=["no-metadata", "broken", "no-generator", "no-schema", "other-tool"],
)
def test_force_does_not_replace_a_folder_sagebridge_did_not_generate(
    tmp_path: Path, metadata: str | None
) -> None:
    out = tmp_path / "results"
    (out / "data").mkdir(parents=True)
    (out / "data" / "thesis.tex").write_text("two years of work")
    if metadata is not None:
        (out / "metadata.json").write_text(metadata)
    before = tree_hash(out)

    done = sagebridge("migrate", str(EXAMPLES / EXAMPLE), "-o", str(out), "--force", cwd=tmp_path)

    assert done.returncode == EXIT_USER_ERROR, done.stderr
    assert "not a folder sagebridge generated" in done.stderr and str(out) in done.stderr
    assert tree_hash(out) == before


def test_force_replaces_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    migrate_project(EXAMPLES / EXAMPLE, out, force=True)
    assert (out / "code" / "train.py").is_file()


def test_force_replaces_a_generated_folder_with_extra_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    migrate_project(EXAMPLES / EXAMPLE, out)
    (out / "notes.txt").write_text("stale")
    migrate_project(EXAMPLES / EXAMPLE, out, force=True)
    assert not (out / "notes.txt").exists()
