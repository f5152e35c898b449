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
    data = sorted((p for p in paths if p.role is PathRole.DATA), key=lambda p: (p.file, p.line))
    folders = {posixpath.normpath(split_file(p.value)[0]) for p in data}
    for path in data:
        folder, filename = _inside_another(split_file(path.value), folders)
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


def _inside_another(
    split: tuple[str, str | None], folders: set[str]
) -> tuple[str, str | None]:
    """`data/tiny-bert` beside `data/train.csv`: the folder `tiny-bert` inside data's channel."""
    folder, filename = split
    key = posixpath.normpath(folder)
    parents = [f for f in folders if f not in (".", key) and key.startswith(f + "/")]
    if not parents:
        return split
    parent = min(parents, key=len)
    rest = key[len(parent) + 1 :]
    return parent, rest if filename is None else f"{rest}/{filename}"
