"""Files the script reads straight from a URL become input channels.

Before (the user's train.py)                          After (ChannelPlan)
    csv_url = "https://host/datasets/wine.csv"            name="training", env="SM_CHANNEL_TRAINING",
    data = pd.read_csv(csv_url, sep=";")                  fallback="https://host/datasets",
                                                          filename="wine.csv", line=<the literal's>

A training job in a VPC without internet (or with network isolation) can't fetch the URL. The
user uploads the file to the pipeline's input data URI (the generated guide names the URL to
fetch it from); the channels transform rewrites the literal to
`os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "https://host/datasets"), "wine.csv")`, which
is the channel's copy in SageMaker and the URL itself on a laptop. A URL built from a base
(`root_url + "FordA_TRAIN.tsv"`, read through a helper) rewrites the base's literal:
`root_url = os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "https://host/data"), "")`, the
channel folder with its "/" (every file read from it is uploaded, the guide lists each).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sagebridge import contract
from sagebridge.analyze.downloads import GET_FILE
from sagebridge.analyze.url_reads import unresolved_url_reads
from sagebridge.model import Analysis, Artifact, ArtifactStatus, ChannelPlan, DatasetDownload
from sagebridge.model.steps import StepsPlan

TRAIN_STEP = "Train"


def url_reads(analysis: Analysis) -> tuple[DatasetDownload, ...]:
    """The reads of a whole URL held in one string literal (analyze/downloads.py), and keras'
    get_file of a known URL (no literal rewritten: `staged_get_file` reads the channel)."""
    return tuple(
        d for d in analysis.dataset_downloads
        if d.url and (d.url_line or d.call in GET_FILE)
    )


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
        literal_name: str | None = filename
        if read.call in GET_FILE:  # the channel holds get_file's `fname`
            literal_name = read.dataset
        if read.url_prefix:  # `root_url + "x.tsv"`: the literal is the folder (plus its "/")
            folder = read.url_prefix.rstrip("/")
            literal_name = "" if read.url_prefix.endswith("/") else None
        if folder not in by_folder:
            by_folder[folder] = _name(filename, taken)
            taken.add(by_folder[folder])
        name = by_folder[folder]
        channel = ChannelPlan(
            name=name,
            env=contract.channel_env(name),
            fallback=folder,
            file=read.file,
            line=read.url_line,  # 0 for get_file: transform/dataset_downloads.py stages it
            filename=literal_name,
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


def with_unfollowed_urls(analysis: Analysis, steps: StepsPlan) -> StepsPlan:
    """One "needs review" item per URL read analysis could not follow (`read(base() + name)`):
    no channel holds it, so the Train step reads it only where the job has internet."""
    review = tuple(
        Artifact(
            TRAIN_STEP,
            ArtifactStatus.NEEDS_REVIEW,
            f"{read.call} reads `{read.dataset}`, a URL sagebridge could not follow to one "
            "literal: the training job downloads it (needs internet, no network isolation); "
            "write the URL as one literal or `BASE + \"name\"` and migrate again, or upload "
            "the file and point the read at the training channel",
            f"{read.file}:{read.line}",
        )
        for read in unresolved_url_reads(analysis.dataset_downloads)
    )
    return replace(steps, artifacts=steps.artifacts + review) if review else steps


def get_file_warnings(analysis: Analysis) -> tuple[str, ...]:
    """keras' get_file whose URL sagebridge could not follow is left as written."""
    return tuple(
        f"{d.file}:{d.line}: {d.call}() downloads {d.dataset} in the training job, left as "
        "written (its origin is not one literal): the job needs internet access (no network "
        "isolation; a VPC needs NAT)"
        for d in analysis.dataset_downloads
        if d.call in GET_FILE and not d.url
    )
