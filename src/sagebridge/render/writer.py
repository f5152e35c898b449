"""Write a file map into OUT atomically: stage everything beside OUT, then rename into place.

An error or Ctrl-C while staging leaves OUT as it was (absent, or the old tree under --force);
Ctrl-C is ignored during the renames, and what a kill leaves there is undone by `recover`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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
    if not _exists(out):
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


def _exists(path: Path) -> bool:
    """Path.exists, with a folder we may not look into as a one-line user error."""
    try:
        return path.exists()
    except OSError as error:
        raise UserError(f"{path}: cannot be checked ({error.strerror}); check its folder") from None


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
    ignore_ctrl_c_after: bool = False,
) -> None:
    """Write `files` ({POSIX relative path: content}) as the whole of OUT, atomically.

    Top-level folders named in `keep` survive a --force rewrite (moved, not copied).
    `ignore_ctrl_c_after`: leave SIGINT ignored once OUT is written (for the CLI process).
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as error:
        raise UserError(
            f"{out.parent}: cannot write there ({error.strerror}); choose an output folder "
            "you can write to"
        ) from None
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
        if out.exists() and not force:
            raise UserError(f"{out}: already exists; choose another folder or pass --force")
        with _ignoring_ctrl_c(for_good=ignore_ctrl_c_after):  # from here the write completes
            if out.exists():
                _swap(staging, out, [name for name in keep if (out / name).exists()])
            else:
                os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextmanager
def _ignoring_ctrl_c(for_good: bool) -> Iterator[None]:
    """SIGINT ignored while the staged tree moves in (milliseconds), so that an interrupted
    migrate always leaves the old OUT; a kill there is recovered by `recover` on the next run.
    With `for_good`, SIGINT stays ignored once the tree is in place: the command that asked
    for it has written OUT and only reports and exits, and a Ctrl-C then must not make it
    exit 130 as if OUT were still the old one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    except BaseException:
        signal.signal(signal.SIGINT, previous)
        raise
    if not for_good:
        signal.signal(signal.SIGINT, previous)


def _leftovers(out: Path, kind: str) -> list[Path]:
    """`.OUT.staging-xxxxxxxx` / `.OUT.old-xxxxxxxx` folders (tempfile.mkdtemp names) beside OUT."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.{kind}-[a-z0-9_]{{8}}")
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return []
    found = [p for p in entries if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: p.stat().st_mtime)


def recover(out: Path, keep: tuple[str, ...] = ()) -> list[str]:
    """Undo what a killed `write_tree` left beside OUT; one line per repair.

    A kill between the two renames of the swap leaves OUT missing and the old tree in
    `.OUT.old-*/tree`: it is put back. Kept folders (`keep`) caught in a staging folder go back
    into OUT. Then every staging and old folder of our naming is removed.
    """
    out = out.resolve()
    repairs: list[str] = []
    olds = _leftovers(out, "old")
    stagings = _leftovers(out, "staging")
    trees = [old / "tree" for old in olds if (old / "tree").is_dir()]
    if trees and not _exists(out):
        os.replace(trees[-1], out)
        repairs.append(f"{out}: put back the previous tree that an interrupted migrate left in "
                       f"{trees[-1].parent.name}")
    for staging in stagings:
        for name in keep:
            if out.is_dir() and (staging / name).exists() and not (out / name).exists():
                os.replace(staging / name, out / name)
                repairs.append(f"{out / name}: moved back from {staging.name}")
    for leftover in olds + stagings:
        shutil.rmtree(leftover)
        repairs.append(f"{leftover}: removed, left by an interrupted migrate")
    return repairs


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
