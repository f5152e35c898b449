"""Files the script reads straight from a URL become input channels.

Before (the user's train.py)                          After (ChannelPlan)
    csv_url = "https://host/datasets/wine.csv"            name="training", env="SM_CHANNEL_TRAINING",
    data = pd.read_csv(csv_url, sep=";")                  fallback="https://host/datasets",
                                                          filename="wine.csv", line=<the literal's>

A training job in a VPC without internet (or with network isolation) can't fetch the URL. The
user uploads the file to the pipeline's input data URI (the generated guide names the URL to
fetch it from); the channels transform rewrites the literal to
`os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "https://host/datasets"), "wine.csv")`, which
is the channel's copy in SageMaker and the URL itself on a laptop.
"""

from __future__ import annotations

import re

from sagebridge import contract
from sagebridge.model import Analysis, ChannelPlan, DatasetDownload


def url_reads(analysis: Analysis) -> tuple[DatasetDownload, ...]:
    """The reads of a whole URL held in one string literal (analyze/downloads.py)."""
    return tuple(d for d in analysis.dataset_downloads if d.url and d.url_line)


def with_url_channels(
    analysis: Analysis, channels: tuple[ChannelPlan, ...]
) -> tuple[ChannelPlan, ...]:
    """`channels` plus one per URL folder read: `training` when the script has no other data
    folder, else named after the file (`winequality-red.csv` -> `winequality_red`)."""
    added: list[ChannelPlan] = []
    by_folder: dict[str, str] = {}
    taken = {channel.name for channel in channels}
    for read in url_reads(analysis):
        folder, _, filename = read.url.split("?")[0].rpartition("/")
        if folder not in by_folder:
            by_folder[folder] = _name(filename, taken)
            taken.add(by_folder[folder])
        name = by_folder[folder]
        channel = ChannelPlan(
            name=name,
            env=contract.channel_env(name),
            fallback=folder,
            file=read.file,
            line=read.url_line,
            filename=filename,
        )
        if channel not in added:
            added.append(channel)
    return (*channels, *added)


def _name(filename: str, taken: set[str]) -> str:
    if contract.DEFAULT_TRAINING_CHANNEL not in taken:
        return contract.DEFAULT_TRAINING_CHANNEL
    base = re.sub(r"[^a-z0-9]+", "_", filename.split(".")[0].lower()).strip("_") or "data"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    return name
