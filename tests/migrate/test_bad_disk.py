"""migrate over a disk that says no: one line naming the folder, exit 2, no traceback, nothing
written. File modes are enforced for root by dropping its capabilities with `setpriv`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "sklearn-digits"


def unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a folder can't be made unwritable")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def migrate(*args: str) -> subprocess.CompletedProcess[str]:
    return sagebridge("migrate", *args, wrapper=unprivileged(), timeout=300)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    return line


def test_unreadable_subfolder_in_src(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src)
    (src / "private").mkdir()
    (src / "private" / "notes.py").write_text("x = 1\n")
    (src / "private").chmod(0)
    try:
        done = migrate(str(src), "-o", str(tmp_path / "out"))
    finally:
        (src / "private").chmod(0o755)
    assert f"{src / 'private'}: cannot be listed" in one_line(done)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("out", ["out", "deeper/out"])
def test_read_only_out_parent(tmp_path: Path, out: str) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        done = migrate(str(EXAMPLE), "-o", str(parent / out))
        line = one_line(done)
        assert line.startswith(f"error: {parent}") and "cannot write there (Permission denied)" in line
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_unsearchable_out_parent(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0)
    try:
        done = migrate(str(EXAMPLE), "-o", str(parent / "out"))
    finally:
        parent.chmod(0o755)
    assert f"{parent / 'out'}: cannot be checked (Permission denied)" in one_line(done)


def test_non_utf8_file_name_in_src(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src)
    Path(os.fsdecode(os.fsencode(src) + b"/data-caf\xe9.csv")).write_text("a\n1\n")
    done = sagebridge("migrate", src, "-o", tmp_path / "out", timeout=300, text=False)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.decode().splitlines()
    assert "data-caf\\xe9.csv: the name is not UTF-8" in line
    assert not (tmp_path / "out").exists()
