"""Walk a project folder safely, classify its files and read its Python sources.

Read-only: nothing is opened for writing and nothing is imported, so SRC gains no
`__pycache__`. Symlinks are never followed: one that points back into its own ancestry (or
resolves in a circle) is a user error, any other is skipped with a warning. Tool folders
(`.git`, virtual environments, caches) are not part of the project and are not counted.

Classification: `*.py` is Python, `*.ipynb` a notebook; config files are `requirements*.txt`,
`constraints*.txt`, `Pipfile`, `.env` and files ending in .yaml/.yml/.toml/.cfg/.ini/.conf/.json;
they and notebooks are read (for declarations, settings and secrets) only up to 1 MB.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sagebridge.errors import UserError

SKIPPED_DIRS = frozenset(
    {"__pycache__", "node_modules", "venv", "env", "site-packages", "wandb", "mlruns"}
)
CONFIG_SUFFIXES = frozenset({".yaml", ".yml", ".toml", ".cfg", ".ini", ".conf", ".json"})
CONFIG_PREFIXES = ("requirements", "constraints")
CONFIG_NAMES = frozenset({"Pipfile", ".env"})
# Config files and notebooks larger than this (data exports named *.json, say) are not read.
MAX_SCANNED_BYTES = 1_000_000


@dataclass(frozen=True)
class ProjectFiles:
    root: Path
    files: tuple[str, ...]  # every project file, POSIX paths relative to root, sorted
    python: dict[str, str]  # relative path -> text, for every *.py
    notebooks: tuple[str, ...]
    config: tuple[str, ...]
    warnings: tuple[str, ...]

    def read_text(self, relative: str) -> str | None:
        """A config file or notebook as text; None when it is not UTF-8 text or too large."""
        path = self.root / relative
        try:
            if path.stat().st_size > MAX_SCANNED_BYTES:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        if b"\x00" in data:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None


def shown(path: Path | str) -> str:
    """A path for a one-line message: control characters escaped."""
    text = str(path)
    if not _is_utf8(text):  # bytes that are not UTF-8 shown as \xe9
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return text if text.isprintable() else repr(text)[1:-1]


def scan_project(src: Path) -> ProjectFiles:
    """List, classify and read the project; every bad input raises a one-line `UserError`."""
    root = _checked_root(src)
    files, warnings = _walk(src, root)
    if not files:
        raise UserError(
            f"{shown(src)}: the folder is empty; pass the folder with the training code"
        )
    python_paths = [f for f in files if f.endswith(".py")]
    notebooks = tuple(f for f in files if f.endswith(".ipynb"))
    if not python_paths and notebooks:
        raise UserError(
            f"{shown(src)}: only notebooks ({notebooks[0]}); export one to a script with "
            "`jupyter nbconvert --to script` and analyse that"
        )
    if not python_paths:
        raise UserError(f"{shown(src)}: no Python file; pass the folder that holds the .py script")
    python = {relative: _read_python(src, relative) for relative in python_paths}
    config = tuple(f for f in files if _is_config(f))
    return ProjectFiles(
        root=root,
        files=tuple(files),
        python=python,
        notebooks=notebooks,
        config=config,
        warnings=tuple(warnings),
    )


def _checked_root(src: Path) -> Path:
    try:
        info = os.stat(src)
    except FileNotFoundError:
        raise UserError(
            f"{shown(src)}: no such folder; pass the project folder to analyse"
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(f"{shown(src)}: symlink loop; pass the real project folder") from None
        raise UserError(f"{shown(src)}: cannot be read ({error.strerror}); check it") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UserError(f"{shown(src)}: not a folder; pass the folder that holds the script")
    return src.resolve()


def _walk(src: Path, root: Path) -> tuple[list[str], list[str]]:
    files: list[str] = []
    warnings: list[str] = []
    pending: list[tuple[Path, str]] = [(src, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            raise UserError(
                f"{shown(folder)}: cannot be listed ({error.strerror}); check it"
            ) from None
        for entry in entries:
            relative = prefix + entry.name
            if not _is_utf8(entry.name):
                raise UserError(
                    f"{shown(entry.path)}: the name is not UTF-8; rename it (e.g. `convmv -f "
                    "latin1 -t utf8 --notest`) or move it out of the project"
                )
            if entry.is_symlink():
                warnings.append(_symlink_warning(Path(entry.path), relative, root))
            elif entry.is_dir(follow_symlinks=False):
                if not _is_tool_dir(Path(entry.path)):
                    pending.append((Path(entry.path), relative + "/"))
            elif entry.is_file(follow_symlinks=False):
                files.append(relative)
    return sorted(files), sorted(warnings)


def _is_tool_dir(folder: Path) -> bool:
    name = folder.name
    if name.startswith(".") or name in SKIPPED_DIRS:
        return True
    # os.path.exists, not Path.exists: an unreadable folder is reported when it is listed
    return os.path.exists(folder / "pyvenv.cfg")


def _is_utf8(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (os gives them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _symlink_warning(link: Path, relative: str, root: Path) -> str:
    """Raise on a loop; otherwise say why the link is not followed."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 raises this for a circular chain of links
        raise UserError(f"{shown(link)}: symlink loop; remove the link") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(f"{shown(link)}: symlink loop; remove the link") from None
        return f"skipped {relative}: broken symlink"
    if target.is_dir() and (
        target == root or target in link.parent.resolve().parents or target == link.parent.resolve()
    ):
        raise UserError(
            f"{shown(link)}: symlink loop back to {shown(target.name)}; remove the link"
        )
    inside = target == root or root in target.parents
    where = "inside" if inside else "outside"
    return f"skipped {relative}: symlink to a path {where} the project (links are not followed)"


def _read_python(src: Path, relative: str) -> str:
    path = src / relative
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{shown(path)}: cannot be read ({error.strerror}); check it") from None
    if b"\x00" in data:
        raise UserError(f"{shown(path)}: binary data in a .py file; remove or rename it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{shown(path)}: not UTF-8 (byte {data[error.start]:#04x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None


# Config files that are packaging or environment, not settings a script reads: never copied.
NOT_SETTINGS = frozenset({"pyproject.toml", "setup.cfg", "tox.ini", ".env", "Pipfile"})


def is_settings_file(relative: str) -> bool:
    """A YAML/TOML/JSON/INI settings file (not requirements, packaging or .env)."""
    name = relative.rsplit("/", 1)[-1]
    return Path(name).suffix.lower() in CONFIG_SUFFIXES and name not in NOT_SETTINGS


def _is_config(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    if name in CONFIG_NAMES:
        return True
    if name.startswith(CONFIG_PREFIXES) and name.endswith(".txt"):
        return True
    return Path(name).suffix.lower() in CONFIG_SUFFIXES
