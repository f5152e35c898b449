"""Golden files: for each example project, the complete tree `sagebridge migrate` writes.

`tests/golden/<example>/` holds every file of `sagebridge migrate examples/<example> -o OUT`,
byte for byte and with the scripts' executable bits; `tests/golden/<project>/` the same for one
corpus project of each framework with its own path (Keras, Hugging Face, Lightning:
examples/corpus/<project>). The test migrates again, through the real
CLI in a subprocess, and compares the whole tree: the same files, the same bytes, the same
executable bits. Any change to what migrate writes therefore shows up here, and its golden
files are reviewed in the diff.

Regenerate, after a deliberate change to the output, with the explicit flag:

    SAGEBRIDGE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/golden
    git diff --stat tests/golden     # then review the diff itself

With the flag, each example's golden tree is deleted and replaced by the fresh output, and the
comparison still runs. Without it, nothing under tests/golden is ever written.

The golden trees are generated projects with their own tests/ and conftest.py: conftest.py in
this folder keeps pytest out of them, and ruff excludes them (pyproject.toml); `sagebridge
validate` is what checks the generated code (tests/validate).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers.cli import sagebridge
from helpers.paths import EXAMPLE_NAMES, REPO
from helpers.paths import EXAMPLES as EXAMPLES_DIR

GOLDEN = Path(__file__).resolve().parent
EXAMPLES = EXAMPLE_NAMES
# One corpus project per framework with its own path (transform/keras.py, huggingface.py,
# lightning.py and their runtime and inference templates).
FRAMEWORK_PROJECTS = ("keras-fashion-fit", "hf-trainer", "lightning-mnist-datamodule")
PROJECTS = EXAMPLES + FRAMEWORK_PROJECTS
REGEN_ENV = "SAGEBRIDGE_REGEN_GOLDEN"
DIFF_LINES = 60
# sagebridge's own state (`run --local`) and tool caches: never migrate output, and gitignored,
# so a golden tree that someone ran or linted in place still compares (and regenerates) clean.
NOT_OUTPUT = (".sagebridge", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache")
NOT_OUTPUT_PARTS = frozenset(NOT_OUTPUT)

DATE = re.compile(rb"20\d\d-\d\d-\d\d")
# Version strings fixed by AWS, not dates of anything: CloudFormation's template format and
# the IAM policy language.
AWS_FORMAT_VERSIONS = frozenset({b"2010-09-09", b"2012-10-17"})


def source(project: str) -> Path:
    """The project's folder: examples/<name>, or examples/corpus/<name> for a framework's."""
    return EXAMPLES_DIR / "corpus" / project if project in FRAMEWORK_PROJECTS else EXAMPLES_DIR / project


def regenerating() -> bool:
    return os.environ.get(REGEN_ENV) == "1"


def migrate(src: Path | str, out: Path | str, *, cwd: Path) -> None:
    """`sagebridge migrate SRC -o OUT` as a user runs it, in a subprocess."""
    done = sagebridge("migrate", src, "-o", out, cwd=cwd, timeout=300)
    assert done.returncode == 0, f"migrate exited {done.returncode}\n{done.stdout}\n{done.stderr}"


def files_of(root: Path) -> dict[str, Path]:
    """Relative POSIX path -> file, for every file under root (hidden ones included)."""
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
            if p.is_file() and not NOT_OUTPUT_PARTS.intersection(p.relative_to(root).parts)}


def is_executable(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o111)


def first_difference(expected: Path, actual: Path, name: str) -> str:
    """A unified diff of one file, truncated to DIFF_LINES lines."""
    diff = list(difflib.unified_diff(
        expected.read_bytes().decode("utf-8", "replace").splitlines(keepends=True),
        actual.read_bytes().decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"golden/{name}", tofile=f"migrated/{name}",
    ))
    if not diff:  # same text after decoding: line endings or undecodable bytes differ
        return f"{name}: bytes differ but the decoded text is the same (line endings?)"
    shown = "".join(diff[:DIFF_LINES])
    if len(diff) > DIFF_LINES:
        shown += f"\n... ({len(diff) - DIFF_LINES} more diff lines)"
    return shown


def tree_differences(expected_root: Path, actual_root: Path) -> list[str]:
    """What differs between two trees, each entry a readable line (a diff for the first file)."""
    expected, actual = files_of(expected_root), files_of(actual_root)
    problems = [f"missing (in golden, not written): {name}"
                for name in sorted(expected.keys() - actual.keys())]
    problems += [f"extra (written, not in golden): {name}"
                 for name in sorted(actual.keys() - expected.keys())]
    common = sorted(expected.keys() & actual.keys())
    differing = [n for n in common if expected[n].read_bytes() != actual[n].read_bytes()]
    if differing:
        problems.append(f"content differs: {', '.join(differing)}")
        problems.append(first_difference(expected[differing[0]], actual[differing[0]],
                                         differing[0]))
    problems += [f"executable bit differs: {n} (golden {is_executable(expected[n])}, "
                 f"migrated {is_executable(actual[n])})"
                 for n in common if is_executable(expected[n]) != is_executable(actual[n])]
    return problems


@pytest.mark.parametrize("example", PROJECTS)
def test_migrate_writes_the_golden_tree(example: str, tmp_path: Path) -> None:
    out = tmp_path / example
    migrate(source(example), out, cwd=tmp_path)
    golden = GOLDEN / example
    if regenerating():
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden, ignore=shutil.ignore_patterns(*NOT_OUTPUT))
    assert golden.is_dir(), (
        f"no golden tree for {example}: run with {REGEN_ENV}=1 and review the diff")
    problems = tree_differences(golden, out)
    assert not problems, (
        f"{example}: migrate output differs from tests/golden/{example} "
        f"(if intended: {REGEN_ENV}=1, then review the diff)\n" + "\n".join(problems))


@pytest.mark.parametrize("example", PROJECTS)
def test_migrating_twice_is_byte_identical(example: str, tmp_path: Path) -> None:
    """Different cwds, OUT names, and relative vs absolute paths: nothing of them leaks."""
    first_cwd, second_cwd = tmp_path / "one", tmp_path / "two" / "nested"
    first_cwd.mkdir()
    second_cwd.mkdir(parents=True)
    src = source(example)
    migrate(src, "out", cwd=first_cwd)
    second = tmp_path / "elsewhere" / f"{example}-again"
    migrate(os.path.relpath(src, second_cwd), second, cwd=second_cwd)
    assert tree_differences(first_cwd / "out", second) == []


def project_dirs(root: Path) -> list[str]:
    """Sub-folder names, without tool caches (.ruff_cache, __pycache__, ...)."""
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "__")))


def test_every_example_has_a_golden_tree() -> None:
    # examples/corpus/ holds the corpus of real-world styles (bench/corpus.py), not examples
    examples = [name for name in project_dirs(EXAMPLES_DIR) if name != "corpus"]
    golden = project_dirs(GOLDEN)
    assert examples == list(EXAMPLES)
    assert golden == sorted(PROJECTS)
    assert all((source(name) / "corpus.toml").is_file() for name in FRAMEWORK_PROJECTS)


def machine_paths() -> set[str]:
    """Absolute paths of this machine that must never appear in generated output."""
    paths = {"/work/", "/tmp/", str(REPO), str(Path.home()), tempfile.gettempdir()}
    return {p for p in paths if len(p.strip("/")) > 1}


@pytest.mark.parametrize("example", PROJECTS)
def test_golden_tree_holds_no_machine_paths_or_dates(example: str) -> None:
    golden = GOLDEN / example
    assert golden.is_dir(), f"no golden tree for {example}"
    user_dates = {d for f in files_of(source(example)).values()
                  for d in DATE.findall(f.read_bytes())}
    allowed_dates = AWS_FORMAT_VERSIONS | user_dates
    found = []
    for name, path in files_of(golden).items():
        data = path.read_bytes()
        found += [f"{name}: {p}" for p in sorted(machine_paths()) if p.encode() in data]
        found += [f"{name}: date {d.decode()}" for d in sorted(set(DATE.findall(data)))
                  if d not in allowed_dates]
    assert found == []
