"""Shared helpers for the analyze tests: real files in tmp_path, sources parsed as given."""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES, REPO  # noqa: F401 - the tests import EXAMPLES from here

from sagebridge.analyze.source import ParsedModule

REPO_ROOT = REPO


def parse(source: str, path: str = "train.py") -> ParsedModule:
    return ParsedModule.parse(path, textwrap.dedent(source))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (relative path -> text or bytes) under `root`; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def tree_digest(root: Path) -> str:
    """A hash of every name, link target and file content under `root` (links not followed)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder) / name
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
            if path.is_symlink():
                digest.update(b"->" + os.readlink(path).encode("utf-8", "surrogateescape"))
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def project(tmp_path: Path):
    """`project({...})` writes a small project and returns its folder."""

    def make(files: dict[str, str | bytes], name: str = "proj") -> Path:
        return write_tree(tmp_path / name, files)

    return make
