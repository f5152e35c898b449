"""`sagebridge migrate` as a user runs it: what it writes, what it refuses, and that it writes
everything or nothing and never touches SRC."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from sagebridge.errors import EXIT_USER_ERROR, UserError
from sagebridge.migrate import Verb, migrate_project
from sagebridge.render import writer

from .conftest import EXAMPLES

EXAMPLE = "sklearn-digits"


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def src(tmp_path: Path) -> Path:
    copy = tmp_path / EXAMPLE
    shutil.copytree(EXAMPLES / EXAMPLE, copy)
    return copy


def test_writes_code_diff_and_analysis(src: Path, tmp_path: Path) -> None:
    before = tree_hash(src)
    out = tmp_path / "out"
    result = migrate_project(src, out)

    assert tree_hash(src) == before
    code = out / "code"
    assert (code / "train.py").read_text() != (src / "train.py").read_text()
    assert (code / "sagebridge_runtime.py").is_file()
    assert (code / "requirements.txt").read_text() == "joblib\nscikit-learn\n"
    diff = (out / "docs" / "train.diff").read_text()
    assert diff.startswith("--- a/train.py\n+++ b/train.py\n")
    assert "+    return parser.parse_known_args()[0]\n" in diff
    assert json.loads((out / "analysis.json").read_text())["entry_point"] == "train.py"
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {action.path for action in result.files}
    assert {action.verb for action in result.files} == {Verb.CREATE}


def test_dry_run_writes_nothing_and_prints_the_plan(src: Path, tmp_path: Path) -> None:
    before = tree_hash(tmp_path)
    done = sagebridge("migrate", str(src), "-o", str(tmp_path / "out"), "--dry-run", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert tree_hash(tmp_path) == before
    assert "would write" in done.stdout
    assert "create code/train.py" in done.stdout
    assert "--n-estimators" in done.stdout


def test_json_output_shape(src: Path, tmp_path: Path) -> None:
    done = sagebridge("migrate", str(src), "-o", str(tmp_path / "out"), "--dry-run", "--json",
                      cwd=tmp_path)
    document = json.loads(done.stdout)
    assert document["schema"] == 1
    assert set(document) == {"schema", "source", "out", "dry_run", "files", "changes", "plan",
                             "warnings", "artifacts"}
    assert document["dry_run"] is True
    assert {"path": "code/train.py", "verb": "create"} in document["files"]
    assert document["plan"]["objective_metric"] == "test_accuracy"
    assert document["plan"]["channels"] == {}
    assert document["changes"][0]["path"] == "code/train.py"


def test_existing_out_is_refused_without_force(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    done = sagebridge("migrate", str(src), "-o", str(out), cwd=tmp_path)

    assert done.returncode == EXIT_USER_ERROR
    assert "already exists" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_force_replaces_out_and_names_each_verb(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    migrate_project(src, out)
    (out / "stale.txt").write_text("old")
    (out / "code" / "requirements.txt").write_text("edited\n")
    result = migrate_project(src, out, force=True)

    verbs = {action.path: action.verb for action in result.files}
    assert verbs["stale.txt"] is Verb.REMOVE
    assert verbs["code/requirements.txt"] is Verb.UPDATE
    assert verbs["code/train.py"] is Verb.IDENTICAL
    assert not (out / "stale.txt").exists()


def test_force_keeps_the_local_run_state(src: Path, tmp_path: Path) -> None:
    """Re-migrating must not lose the local registry, store and run logs under OUT/.sagebridge."""
    out = tmp_path / "out"
    migrate_project(src, out)
    state = out / ".sagebridge"
    (state / "runs").mkdir(parents=True)
    (state / "registry.db").write_bytes(b"registered models")
    (state / "runs" / "step.log").write_text("a log")
    result = migrate_project(src, out, force=True)

    assert (state / "registry.db").read_bytes() == b"registered models"
    assert (state / "runs" / "step.log").read_text() == "a log"
    assert not any(action.path.startswith(".sagebridge") for action in result.files)


@pytest.mark.parametrize("failing_move", ["old tree aside", "new tree in"])
def test_a_failed_swap_puts_the_old_tree_and_kept_state_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_move: str
) -> None:
    """Monkeypatched: a rename that fails mid-swap can't be produced on demand here."""
    out = tmp_path / "out"
    (out / ".sagebridge").mkdir(parents=True)
    (out / ".sagebridge" / "registry.db").write_text("state")
    (out / "old.txt").write_text("old")
    real_replace = writer.os.replace

    def failing_replace(source: str | Path, target: str | Path) -> None:
        aside = Path(source) == out.resolve()
        into_place = Path(target) == out.resolve() and ".staging-" in Path(source).name
        if (failing_move == "old tree aside" and aside) or (
            failing_move == "new tree in" and into_place
        ):
            raise OSError("simulated failure")
        real_replace(source, target)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError, match="simulated"):
        writer.write_tree({"new.txt": "new"}, out, force=True, keep=(".sagebridge",))

    assert (out / ".sagebridge" / "registry.db").read_text() == "state"
    assert (out / "old.txt").read_text() == "old"
    assert not (out / "new.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging left behind


def test_out_inside_src_is_refused(src: Path, tmp_path: Path) -> None:
    before = tree_hash(src)
    done = sagebridge("migrate", str(src), "-o", str(src / "sagemaker"), cwd=tmp_path)

    assert done.returncode == EXIT_USER_ERROR
    assert "must not be inside the source" in done.stderr
    assert tree_hash(src) == before


def test_a_failure_mid_write_leaves_no_out(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monkeypatched: a real disk-full or Ctrl-C can't be produced on demand here."""
    out = tmp_path / "out"
    before = tree_hash(src)
    real_write_text = Path.write_text
    calls = {"n": 0}

    def failing_write_text(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(writer.Path, "write_text", failing_write_text)
    with pytest.raises(OSError, match="disk full"):
        migrate_project(src, out)

    assert calls["n"] == 5
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [EXAMPLE]  # no staging folder left
    assert tree_hash(src) == before


def test_missing_src_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        migrate_project(tmp_path / "nowhere", tmp_path / "out")


def test_a_usage_error_is_click_s_message_and_exit_2_not_a_traceback(tmp_path: Path) -> None:
    """`migrate SRC OUT` (OUT given without -o) is a usage error: click's two lines, exit 2."""
    done = sagebridge("migrate", EXAMPLES / EXAMPLE, tmp_path / "out")
    assert done.returncode == EXIT_USER_ERROR
    assert "Traceback" not in done.stderr
    assert "Missing option '-o' / '--out'" in done.stderr
    assert not (tmp_path / "out").exists()
