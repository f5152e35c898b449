"""A scikit-learn `fetch_*` dataset the training script downloads, staged by Preprocess.

Before (the user's train.py)                     After
    X, y = fetch_california_housing(              X, y = fetch_california_housing(
        return_X_y=True)                              return_X_y=True,
                                                      data_home=sagebridge_runtime.sklearn_data_home(
                                                          "SM_CHANNEL_TRAINING"))

The fetcher downloads into scikit-learn's data home (~/scikit_learn_data) when its cached file
is missing; a training job may have no internet. The Preprocess step (the one step with
network, templates/project/code/_preprocess/sklearn_fetch.py.jinja) calls the same fetchers with
the script's own arguments and `data_home=<the training channel>`, so the job's call finds the
cache in the channel (no download); outside SageMaker `sklearn_data_home` returns the script's
own `data_home` (None: scikit-learn's default) and the call is unchanged.

Staged when every fetch_* call is in the entry point with arguments known before it runs
(literals, settings' defaults); anything else stays a Train item to review (migrate exits 3).
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge import contract
from sagebridge.analyze.loader_calls import SKLEARN_DATASETS, is_sklearn_fetch
from sagebridge.model import (
    Analysis,
    Artifact,
    ArtifactStatus,
    ChannelPlan,
    DatasetDownload,
    DatasetPlan,
)
from sagebridge.model.datasets import SklearnFetchDataset
from sagebridge.model.steps import StepsPlan
from sagebridge.plan.url_data import TRAIN_STEP

CHANNEL = contract.DEFAULT_TRAINING_CHANNEL


def _fetches(analysis: Analysis) -> list[DatasetDownload]:
    return [d for d in analysis.dataset_downloads if is_sklearn_fetch(d)]


def plan_sklearn_fetch(
    analysis: Analysis,
) -> tuple[SklearnFetchDataset | None, tuple[str, ...]]:
    """The fetch_* calls Preprocess stages with notes (arguments from settings' defaults), or
    None with why they are not (for the review item)."""
    fetches = _fetches(analysis)
    if not fetches:
        return None, ()
    entry = analysis.entry_point
    elsewhere = [f for f in fetches if f.file != entry]
    if elsewhere:
        return None, (f"it is called outside the entry point ({elsewhere[0].file})",)
    found = {(c.file, c.line): c for c in analysis.data_loads.fetches}
    calls: list[str] = []
    lines: list[int] = []
    notes: list[str] = []
    for fetch in fetches:
        name = fetch.call.removeprefix(SKLEARN_DATASETS)
        call = found.get((fetch.file, fetch.line))
        if call is None or not call.found:
            return None, (f"the call at {entry}:{fetch.line} was not found",)
        if call.unresolved:
            return None, (f"its arguments are not known before the script runs ({call.unresolved})",)
        calls.append(call.literal)
        lines.append(fetch.line)
        if call.through_settings:
            notes.append(
                f"{entry}:{fetch.line}: {name}'s arguments come from "
                f"{', '.join(call.through_settings)}; Preprocess stages the data "
                "with the defaults, so an execution that changes them downloads in the "
                "training job (needs internet)"
            )
    first = fetches[0]
    return SklearnFetchDataset(
        name=first.call.removeprefix(SKLEARN_DATASETS),
        source=found[(first.file, first.line)].source,
        file=entry,
        line=first.line,
        loader=first.call,
        loader_args="[" + ", ".join(calls) + "]",
        staged_lines=tuple(lines),
    ), tuple(notes)


def with_sklearn_fetch_channel(
    dataset: DatasetPlan | None, channels: tuple[ChannelPlan, ...]
) -> tuple[DatasetPlan | None, tuple[ChannelPlan, ...]]:
    """The channel the cache comes in: `training`, or its own when the script already reads a
    data folder there (line 0: no literal in the script reads it, the fetcher does)."""
    if not isinstance(dataset, SklearnFetchDataset):
        return dataset, channels
    taken = {channel.name for channel in channels}
    name = CHANNEL if CHANNEL not in taken else "sklearn_data"
    channel = ChannelPlan(
        name=name, env=contract.channel_env(name), fallback="", file=dataset.file, line=0
    )
    return replace(dataset, channel_env=channel.env), (*channels, channel)


def staged_fetch_notes(dataset: DatasetPlan | None, notes: tuple[str, ...]) -> tuple[str, ...]:
    """plan_sklearn_fetch's notes when it staged the calls (else they are the review's why)."""
    return notes if isinstance(dataset, SklearnFetchDataset) else ()


def with_sklearn_fetch_review(
    analysis: Analysis, steps: StepsPlan, dataset: DatasetPlan | None, why: tuple[str, ...]
) -> StepsPlan:
    """One "needs review" item per `sklearn.datasets.fetch_*` call Preprocess does not stage."""
    if isinstance(dataset, SklearnFetchDataset):
        return steps
    because = f" (not staged: {why[0]})" if why else ""
    review = tuple(
        Artifact(
            TRAIN_STEP,
            ArtifactStatus.NEEDS_REVIEW,
            f"{d.call} downloads `{d.dataset}` into scikit-learn's data home in the training "
            f"job{because}: it needs internet access (no network isolation; a VPC needs NAT); "
            "or load the data from a file the script reads (a CSV, `np.load`), which becomes "
            "its channel",
            f"{d.file}:{d.line}",
        )
        for d in _fetches(analysis)
    )
    return replace(steps, artifacts=steps.artifacts + review) if review else steps
