"""Write a file map into OUT atomically: stage everything beside OUT, then rename into place.

An error or Ctrl-C while staging leaves OUT as it was (absent, or the old tree under --force).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sagebridge.errors import UserError

EXECUTABLE_SUFFIXES = (".sh",)


def _is_executable(relative: str) -> bool:
    return relative.endswith(EXECUTABLE_SUFFIXES)


def check_destination(out: Path, src: Path | None, force: bool) -> None:
    """Refuse an OUT that exists (without --force) or that lies inside SRC."""
    out_resolved = out.resolve()
    if src is not None:
        src_resolved = src.resolve()
        if out_resolved == src_resolved or src_resolved in out_resolved.parents:
            raise UserError(f"{out}: the output folder must not be inside the source {src}; "
                            "choose a folder outside it")
    if out.exists() and not force:
        raise UserError(f"{out}: already exists; choose another folder or pass --force")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; remove it or choose another path")


def write_tree(
    files: Mapping[str, str | bytes],
    out: Path,
    force: bool = False,
    keep: tuple[str, ...] = (),
) -> None:
    """Write `files` ({POSIX relative path: content}) as the whole of OUT, atomically.

    Top-level folders named in `keep` survive a --force rewrite (moved, not copied).
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            if _is_executable(relative):
                target.chmod(0o755)
        if out.exists():
            if not force:
                raise UserError(f"{out}: already exists; choose another folder or pass --force")
            _swap(staging, out, [name for name in keep if (out / name).exists()])
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path, kept: list[str]) -> None:
    """Replace OUT by the staged tree, moving the `kept` folders across; undo on any failure."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    moved: list[str] = []
    try:
        for name in kept:
            os.replace(out / name, staging / name)
            moved.append(name)
        os.replace(out, old / "tree")
    except BaseException:
        for name in moved:  # put the kept folders back before the staging is dropped
            os.replace(staging / name, out / name)
        shutil.rmtree(old, ignore_errors=True)
        raise
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(old / "tree", out)
        for name in moved:
            os.replace(staging / name, out / name)
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old)
