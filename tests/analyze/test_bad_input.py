"""Bad input through the real CLI: exit 2, one line on stderr naming the path, SRC unchanged."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from .conftest import REPO_ROOT, tree_digest, write_tree

GUARDED_TRAINER = 'for epoch in range(3):\n    pass\nif __name__ == "__main__":\n    pass\n'


def missing(root: Path) -> tuple[Path, str]:
    return root / "nope", "no such folder"


def not_a_folder(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 1\n"})
    return root / "train.py", "not a folder"


def empty(root: Path) -> tuple[Path, str]:
    root.mkdir()
    return root, "empty"


def no_python(root: Path) -> tuple[Path, str]:
    write_tree(root, {"README.md": "# hi\n", "data/x.csv": "a\n"})
    return root, "no Python file"


def syntax_error(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 1\ndef broken(:\n    pass\n"})
    return root, "train.py:2: syntax error"


def python2(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": 'print "hello"\n'})
    return root, "train.py:1: syntax error"


def not_utf8(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 'caf\xe9'\n".encode("latin-1")})
    return root, "train.py: not UTF-8"


def non_utf8_file_name(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 1\n"})
    (Path(os.fsdecode(os.fsencode(root) + b"/caf\xe9.py"))).write_text("y = 2\n")
    return root, "caf\\xe9.py: the name is not UTF-8"


def binary(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": bytes(range(256))})
    return root, "train.py: binary data"


def symlink_loop(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 1\n", "data/a.csv": "a\n"})
    os.symlink("..", root / "data" / "up")
    return root, "symlink loop"


def circular_links(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.py": "x = 1\n"})
    os.symlink("b", root / "a")
    os.symlink("a", root / "b")
    return root, "symlink loop"


def notebook_only(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train.ipynb": '{"cells": []}', "requirements.txt": "torch\n"})
    return root, "only notebooks"


def two_entry_points(root: Path) -> tuple[Path, str]:
    write_tree(root, {"train_a.py": GUARDED_TRAINER, "train_b.py": GUARDED_TRAINER})
    return root, "more than one candidate entry point"


CASES: list[Callable[[Path], tuple[Path, str]]] = [
    missing,
    not_a_folder,
    empty,
    no_python,
    syntax_error,
    python2,
    not_utf8,
    non_utf8_file_name,
    binary,
    symlink_loop,
    circular_links,
    notebook_only,
    two_entry_points,
]


@pytest.mark.parametrize("make", CASES, ids=[case.__name__ for case in CASES])
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, make: Callable[[Path], tuple[Path, str]]
) -> None:
    src, expected = make(tmp_path / "proj")
    before = tree_digest(tmp_path)
    result = sagebridge("analyze", "--json", str(src), cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert str(src) in lines[0]
    assert "Traceback" not in result.stderr
    assert tree_digest(tmp_path) == before


def test_unknown_entry_point(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "proj", {"train.py": GUARDED_TRAINER})
    result = sagebridge("analyze", "--entry-point", "missing.py", str(root), cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "missing.py: no such Python file" in line and "train.py" in line


def unprivileged() -> list[str]:
    """A command prefix under which file modes are enforced: as root, `setpriv` drops the
    capabilities that let root read any folder."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a folder can't be made unreadable")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def test_unreadable_subfolder_is_one_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "proj", {"train.py": GUARDED_TRAINER, "private/a.py": "x = 1\n"})
    (root / "private").chmod(0)
    try:
        result = sagebridge("analyze", root, wrapper=unprivileged(), timeout=60)
    finally:
        (root / "private").chmod(0o755)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert f"{root / 'private'}: cannot be listed (Permission denied)" in line
