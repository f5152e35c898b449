"""Where sagebridge keeps its own state for a generated project (local runs, store, registry).

By default inside OUT, as `OUT/.sagebridge/`; `$SAGEBRIDGE_HOME` relocates it. `migrate --force`
keeps this folder when it regenerates OUT, so re-migrating does not lose registered models.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

STATE_DIR = ".sagebridge"
HOME_ENV = "SAGEBRIDGE_HOME"
LAST_RUN_FILE = "last-run.json"  # the newest `run --local` summary; `cost` reads its durations


def state_dir(out: Path) -> Path:
    """Where local state for OUT lives: $SAGEBRIDGE_HOME if set, else OUT/.sagebridge."""
    home = os.environ.get(HOME_ENV)
    return Path(home) if home else Path(out) / STATE_DIR


def write_atomic(path: Path, data: str | bytes, scratch: Path | None = None) -> None:
    """Write `path` so that a reader sees the old content or the new, never half of it.

    The bytes go to a temporary file in the same folder (same file system), are flushed to disk,
    and then replace `path` in one rename: a kill at any point leaves at most a stray temp file
    (in `scratch`, when given: a folder on the same file system where strays do no harm).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = _temporary(Path(path), scratch)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # what open() would give, not mkstemp's 0600
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_atomic(source: Path, path: Path, scratch: Path | None = None) -> None:
    """`shutil.copy2(source, path)`, all or nothing (see `write_atomic`)."""
    handle, temporary = _temporary(Path(path), scratch)
    os.close(handle)
    try:
        shutil.copy2(source, temporary)
        with open(temporary, "rb") as file:
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(current)
    return current


def _temporary(path: Path, scratch: Path | None) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = path.parent if scratch is None else scratch
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")


def read_json_entry(path: Path, warnings: list[str], what: str) -> dict[str, Any] | None:
    """A JSON object sagebridge wrote earlier, or None (with one warning) if it can't be read.

    A state file damaged by a kill or a full disk must cost a rebuild, never the run.
    """
    try:
        entry = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        warnings.append(f"{path}: damaged {what} ({type(error).__name__}), ignored: rebuilding it")
        return None
    if not isinstance(entry, dict):
        warnings.append(f"{path}: damaged {what} (not a JSON object), ignored: rebuilding it")
        return None
    return entry
