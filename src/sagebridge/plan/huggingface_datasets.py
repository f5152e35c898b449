"""A Hub dataset the script loads by id, staged by Preprocess so training needs no internet.

Before (the user's train.py)                 After
    raw = load_dataset("glue", "mrpc")           raw = sagebridge_runtime.hub_dataset(
                                                     "SM_CHANNEL_TRAINING", "glue--mrpc",
                                                     lambda: load_dataset("glue", "mrpc"))
    test = load_dataset("imdb", split="test")    test = sagebridge_runtime.hub_dataset(
                                                     "SM_CHANNEL_TRAINING", "imdb",
                                                     lambda: load_dataset("imdb", split="test"),
                                                     split="test")

The Preprocess step (templates/project/code/_preprocess/hub_dataset.py.jinja) runs where internet exists:
the same `load_dataset(<id>, <config>)`, every split, written with `save_to_disk` to
`<training channel>/<folder>`. In the training job (network isolation, or a VPC without NAT)
the migrated script reads that folder with `load_from_disk` (and picks the split the call
named); anywhere else the script's own call runs, as written.

Staged only when the id and config are literals (or settings' defaults), every `load_dataset`
of that id in the entry point names the same config, a `split` is a plain split name (not
`train[:10%]`), and the script reads no data folder of its own (the Preprocess output is then
the whole training channel). Anything else stays as written with a note.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge import contract
from sagebridge.model import Analysis, ChannelPlan, DatasetPlan
from sagebridge.model.datasets import HubDataset
from sagebridge.plan.hub_staging import hub_folder

LOADER = "datasets.load_dataset"
CHANNEL = contract.DEFAULT_TRAINING_CHANNEL


def dataset_folder(dataset_id: str, config: str | None) -> str:
    """`("glue", "mrpc")` -> "glue--mrpc", `"stanfordnlp/imdb"` -> "stanfordnlp--imdb": the
    Hub id's folder (as a staged model's), then the config."""
    return "--".join([hub_folder(dataset_id), *([config] if config else [])])


def plan_hub_dataset(
    analysis: Analysis, channels: tuple[ChannelPlan, ...]
) -> tuple[HubDataset | None, tuple[str, ...]]:
    """The Hub dataset Preprocess stages, or None; and a note when one is left as written."""
    entry = analysis.entry_point
    downloads = [
        d for d in analysis.dataset_downloads
        if d.hub == "dataset" and d.call == LOADER and d.file == entry
    ]  # fmt: skip
    if not downloads:
        return None, ()
    first = downloads[0]
    where = f"{entry}:{first.line}"
    if channels:
        note = (
            f"{where}: load_dataset({first.dataset!r}) downloads from the Hub in the training "
            "job (the script also reads a data folder, which Preprocess does not stage): save "
            "it with save_to_disk into that folder and load_from_disk it, or allow internet"
        )
        return None, (note,)
    calls = [c for c in analysis.data_loads.hub if c.first_argument == first.dataset]
    loads: set[tuple[str, str | None]] = set()
    for call in calls:
        if call.unresolved:
            note = (
                f"{entry}:{call.line}: load_dataset is left as written ({call.unresolved}): the "
                "training job downloads it from the Hub"
            )
            return None, (note,)
        loads.add((call.dataset_id, call.config))
    if len(loads) != 1:
        note = (
            f"{where}: load_dataset({first.dataset!r}) is called with several configs; left "
            "as written (the training job downloads them)"
        )
        return None, (note,)
    [(dataset_id, config)] = loads
    arguments = ", ".join(repr(a) for a in (dataset_id, config) if a is not None)
    return HubDataset(
        name=dataset_id,
        source=f"load_dataset({arguments})",
        file=entry,
        line=first.line,
        loader=LOADER,
        loader_args=arguments,
        channel_file=dataset_folder(dataset_id, config),
        staged_lines=tuple(call.line for call in calls),
        requirement=_requirement(analysis),
    ), ()


def with_hub_dataset_channel(
    dataset: DatasetPlan | None, channels: tuple[ChannelPlan, ...]
) -> tuple[DatasetPlan | None, tuple[ChannelPlan, ...]]:
    """The `training` channel the saved dataset comes in (line 0: no literal reads it)."""
    if not isinstance(dataset, HubDataset):
        return dataset, channels
    channel = ChannelPlan(
        name=CHANNEL, env=contract.channel_env(CHANNEL), fallback="", file=dataset.file, line=0
    )
    return replace(dataset, channel_env=channel.env), (*channels, channel)


def _requirement(analysis: Analysis) -> str:
    """The project's `datasets` requirement as written (`datasets==3.6.0`), else `datasets`."""
    for dependency in analysis.dependencies:
        if dependency.name.lower() == "datasets" and dependency.declared:
            return dependency.declared
    return "datasets"
