"""Walking and classifying the project tree; read_sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sagebridge.analyze import read_sources
from sagebridge.analyze.files import scan_project
from sagebridge.analyze.source import count_code_lines
from sagebridge.errors import UserError


def test_classification_and_counts(project) -> None:
    root = project(
        {
            "train.py": "x = 1\n",
            "pkg/model.py": "y = 2\n",
            "explore.ipynb": "{}",
            "requirements.txt": "torch\n",
            "config.yaml": "lr: 1\n",
            "data/train.csv": "a,b\n",
            "README.md": "# hi\n",
        }
    )
    files = scan_project(root)
    assert files.files == (
        "README.md",
        "config.yaml",
        "data/train.csv",
        "explore.ipynb",
        "pkg/model.py",
        "requirements.txt",
        "train.py",
    )
    assert sorted(files.python) == ["pkg/model.py", "train.py"]
    assert files.notebooks == ("explore.ipynb",)
    assert files.config == ("config.yaml", "requirements.txt")


def test_tool_folders_are_not_part_of_the_project(project) -> None:
    root = project(
        {
            "train.py": "x = 1\n",
            ".git/config": "[core]\n",
            "__pycache__/train.cpython-311.pyc": b"\x00\x01",
            ".venv/lib/site.py": "z = 1\n",
            "myenv/pyvenv.cfg": "home = /usr\n",
            "myenv/lib/x.py": "z = 1\n",
        }
    )
    assert scan_project(root).files == ("train.py",)


def test_symlinks_are_skipped_with_a_warning(project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("secret = 1\n")
    root = project({"train.py": "x = 1\n"})
    os.symlink(outside, root / "linked.py")
    os.symlink(root / "train.py", root / "alias.py")
    os.symlink(root / "missing.py", root / "broken.py")
    files = scan_project(root)
    assert files.files == ("train.py",)
    assert files.warnings == (
        "skipped alias.py: symlink to a path inside the project (links are not followed)",
        "skipped broken.py: broken symlink",
        "skipped linked.py: symlink to a path outside the project (links are not followed)",
    )


@pytest.mark.parametrize("target", [".", ".."], ids=["to-itself", "to-parent"])
def test_folder_symlink_into_its_ancestry_is_a_loop(project, target: str) -> None:
    root = project({"train.py": "x = 1\n", "sub/a.txt": "a"})
    os.symlink(target, root / "sub" / "loop")
    with pytest.raises(UserError, match="symlink loop"):
        scan_project(root)


def test_read_sources_returns_every_python_file(project) -> None:
    root = project({"train.py": "x = 1\n", "lib/util.py": "y = 'é'\n", "notes.txt": "n"})
    assert read_sources(root) == {"lib/util.py": "y = 'é'\n", "train.py": "x = 1\n"}


def test_utf8_byte_order_mark_is_accepted(project) -> None:
    root = project({"train.py": b"\xef\xbb\xbfx = 1\n"})
    assert read_sources(root) == {"train.py": "x = 1\n"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = 1\n", 1),
        ("# comment\n\nx = 1  # trailing\n", 1),
        ('"""doc\nstring"""\nx = (\n    1,\n)\n', 5),
        ("x = (\n# note\n1\n", 2),  # unclosed: tokenize gives up, lines are counted as text
    ],
)
def test_count_code_lines(text: str, expected: int) -> None:
    assert count_code_lines(text) == expected
