"""Write a file map into OUT atomically: stage everything beside OUT, then rename into place.

An error or Ctrl-C while staging leaves OUT as it was (absent, or the old tree under --force).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sagebridge.errors import UserError

EXECUTABLE_SUFFIXES = (".sh",)
# The file that marks a folder as one sagebridge generated (see is_generated_folder).
MARKER_FILE = "metadata.json"
GENERATOR_NAME = "sagebridge"


def _is_executable(relative: str) -> bool:
    return relative.endswith(EXECUTABLE_SUFFIXES)


def check_destination(out: Path, src: Path | None, force: bool) -> None:
    """Refuse an OUT that exists (without --force), that lies inside SRC or holds SRC, or that
    --force would replace although sagebridge did not generate it (it may hold the user's data)."""
    out_resolved = out.resolve()
    if src is not None:
        src_resolved = src.resolve()
        if out_resolved == src_resolved or src_resolved in out_resolved.parents:
            raise UserError(f"{out}: the output folder must not be inside the source "
                            f"{src}; choose a folder outside it")
        if out_resolved in src_resolved.parents:
            raise UserError(f"{out}: the output folder holds the source {src}; "
                            "writing it would delete the source: choose a folder outside it")
    if not out.exists():
        return
    if not force:
        raise UserError(f"{out}: already exists; choose another folder or pass --force")
    if not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; remove it or choose another path")
    try:
        empty = not any(out.iterdir())
    except OSError as error:
        raise UserError(f"{out}: cannot be listed ({error.strerror}); check it") from None
    if not empty and not is_generated_folder(out):
        raise UserError(
            f"{out}: not a folder sagebridge generated (no {MARKER_FILE} of ours), so "
            "--force will not replace it; choose another folder, or empty it yourself first"
        )


def is_generated_folder(folder: Path) -> bool:
    """True when `folder/metadata.json` is the one `sagebridge migrate` writes: a JSON object
    with a `schema` and `"generator": {"name": "sagebridge", ...}`."""
    try:
        metadata = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(metadata, dict) or "schema" not in metadata:
        return False
    generator = metadata.get("generator")
    return isinstance(generator, dict) and generator.get("name") == GENERATOR_NAME


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
