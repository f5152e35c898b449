"""File names with ESC bytes or newlines never reach the terminal raw: migrate's and analyze's
file lists, warnings and the `error:` line show them escaped (`\\x1b`, `\\n`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from sagebridge.cli.app import printable

from .conftest import EXAMPLES

EVIL = "conf\x1b[2J\x1b]0;owned\x07\nerror: fake"
SHOWN = "conf\\x1b[2J\\x1b]0;owned\\x07\\nerror: fake"


def assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.lstrip().startswith("error: fake") for line in text.splitlines())


@pytest.fixture
def evil_src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLES / "sklearn-digits", src)
    (src / f"{EVIL}.yaml").write_text("seed: 1\n")  # a settings file: listed and copied
    os.symlink("nowhere", src / f"{EVIL}.link")  # a broken link: a warning names it
    return src


def test_migrate_output_escapes_file_names(evil_src: Path, tmp_path: Path) -> None:
    done = sagebridge("migrate", str(evil_src), "-o", str(tmp_path / "out"))

    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    assert f"create code/{SHOWN}.yaml" in done.stdout
    assert f"skipped {SHOWN}.link: broken symlink" in done.stdout


def test_analyze_output_escapes_file_names(evil_src: Path) -> None:
    done = sagebridge("analyze", str(evil_src))

    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    assert f"{SHOWN}.link" in done.stdout


def test_the_error_line_escapes_the_path(tmp_path: Path) -> None:
    out = tmp_path / f"out{EVIL}"
    out.mkdir()
    done = sagebridge("migrate", str(EXAMPLES / "sklearn-digits"), "-o", str(out))

    assert done.returncode == 2
    assert_clean(done.stderr)
    [line] = done.stderr.splitlines()
    assert f"out{SHOWN}: already exists" in line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("plain.py", "plain.py"), ("a\tb", "a\\tb"), ("right\u202eleft", "right\\u202eleft"),
     ("caf\udce9", "caf\\xe9"), ("it's é", "it's é")],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown
