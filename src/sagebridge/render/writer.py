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


def write_tree(files: Mapping[str, str | bytes], out: Path, force: bool = False) -> None:
    """Write `files` ({POSIX relative path: content}) as the whole of OUT, atomically."""
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
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "tree")
            os.replace(staging, out)
            shutil.rmtree(old)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
