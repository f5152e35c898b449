"""Extracting a model.tar.gz the way the serving container does, refusing unsafe members."""

from __future__ import annotations

import tarfile
from pathlib import Path

from sagebridge.contract import INFERENCE_CODE_DIR, INFERENCE_SCRIPT
from sagebridge.errors import UserError


def unpack(archive: Path, dest: Path) -> None:
    """Extract model.tar.gz, refusing members that would land outside `dest`."""
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise UserError(f"{archive}: can't extract the model archive ({error})") from None
    nested = sorted(dest.glob(f"*/{INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT}"))
    if nested and not (dest / INFERENCE_CODE_DIR / INFERENCE_SCRIPT).exists():
        inner = nested[0].relative_to(dest).as_posix()
        raise UserError(
            f"{archive}: holds {inner} instead of {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT};"
            " build the archive from inside the model folder, not its parent"
        )
