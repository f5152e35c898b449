"""Channel names for the data folders the script reads, decided once for script and pipeline.

The first data folder becomes `training` (what `fit("s3://...")` names a channel given no
dict, so SM_CHANNEL_TRAINING); further distinct folders are named after their variable
(`TEST_DIR` -> `test`). A literal naming a file (`./data/churn.csv`) reads the file of that name
inside its folder's channel.
"""

from __future__ import annotations

import posixpath
import re

from sagebridge import contract
from sagebridge.model import ChannelPlan, HardCodedPath, PathRole

NAME_SUFFIXES = re.compile(r"(_?(dir|directory|folder|path|root|file))+$")


def split_file(value: str) -> tuple[str, str | None]:
    """`./data/churn.csv` -> (`./data`, `churn.csv`); a folder (no suffix) -> (value, None)."""
    head, tail = posixpath.split(value.rstrip("/"))
    if "." in tail.strip(".") and not value.endswith("/"):
        return head or ".", tail
    return value, None


def _channel_name(path: HardCodedPath, taken: set[str]) -> str:
    if not taken:
        return contract.DEFAULT_TRAINING_CHANNEL
    base = NAME_SUFFIXES.sub("", (path.variable or "").lower()).strip("_") or "data"
    base = re.sub(r"[^a-z0-9_.-]", "_", base)
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    return name


def plan_channels(paths: tuple[HardCodedPath, ...]) -> tuple[ChannelPlan, ...]:
    by_folder: dict[str, str] = {}
    channels: list[ChannelPlan] = []
    for path in sorted(
        (p for p in paths if p.role is PathRole.DATA), key=lambda p: (p.file, p.line)
    ):
        folder, filename = split_file(path.value)
        key = posixpath.normpath(folder)
        if key not in by_folder:
            by_folder[key] = _channel_name(path, set(by_folder.values()))
        name = by_folder[key]
        channels.append(
            ChannelPlan(
                name=name,
                env=contract.channel_env(name),
                fallback=folder,
                file=path.file,
                line=path.line,
                variable=path.variable,
                filename=filename,
            )
        )
    return tuple(channels)
