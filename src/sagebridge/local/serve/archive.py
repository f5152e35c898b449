"""Extracting a model.tar.gz the way the serving container does, refusing unsafe members.

Members that would land outside the folder are refused (tarfile's "data" filter), and so is an
archive that expands beyond a size cap (a 2 MB archive of zeros can hold gigabytes): its members'
declared sizes are added up before anything is written.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

from sagebridge.contract import INFERENCE_CODE_DIR, INFERENCE_SCRIPT
from sagebridge.errors import UserError

MB = 1024 * 1024
EXPANSION_RATIO = 20  # model weights barely compress; 20x the archive is generous
MIN_EXTRACT_CAP = 256 * MB  # small archives of very compressible files still get room
MAX_MEMBERS = 100_000  # files and folders: enough for any model, not a million empty files


def default_extract_cap(archive: Path) -> int:
    """The most an archive may expand to unless told otherwise: 20x its size, at least 256 MB."""
    return max(EXPANSION_RATIO * archive.stat().st_size, MIN_EXTRACT_CAP)


def unpack(archive: Path, dest: Path, max_bytes: int | None = None) -> None:
    """Extract model.tar.gz into `dest`, refusing escaping members and more than `max_bytes`.

    `max_bytes` None means `default_extract_cap(archive)`; the cap holds for every member and
    for their total.
    """
    try:
        cap = default_extract_cap(archive) if max_bytes is None else max_bytes
        with tarfile.open(archive) as tar:
            members = _checked_members(tar, archive, cap)
            tar.extractall(dest, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise UserError(f"{archive}: can't extract the model archive ({error})") from None
    nested = sorted(dest.glob(f"*/{INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT}"))
    if nested and not (dest / INFERENCE_CODE_DIR / INFERENCE_SCRIPT).exists():
        inner = nested[0].relative_to(dest).as_posix()
        raise UserError(
            f"{archive}: holds {inner} instead of {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT};"
            " build the archive from inside the model folder, not its parent"
        )


def _checked_members(tar: tarfile.TarFile, archive: Path, cap: int) -> list[tarfile.TarInfo]:
    """All members, read header by header; stops at the first that breaks a limit."""
    members: list[tarfile.TarInfo] = []
    total = 0
    for member in tar:  # reading headers writes nothing; a bomb is refused before extraction
        members.append(member)
        total += member.size if member.isfile() else 0
        if total > cap:
            what = f"{member.name} alone is" if member.size > cap else "its files are"
            raise UserError(
                f"{archive}: expands beyond the {_megabytes(cap)} MB cap ({what} over it);"
                " refusing to extract it. If the model is really this large, pass"
                " --max-extract-mb"
            )
        if len(members) > MAX_MEMBERS:
            raise UserError(
                f"{archive}: holds more than {MAX_MEMBERS} files; refusing to extract it"
            )
    return members


def _megabytes(size: int) -> str:
    return f"{size / MB:g}"
