"""Which Preprocess step the generated pipeline has (plan/steps.py decides the others):

    the data set the tool stages itself (torchvision IDX, scikit-learn bundled, keras.datasets,
    a CSV with a known file, label and split)                   -> DatasetPreprocess(kind)
    else the user's own data-preparation script, its output flag
    pointed at the training channel (`prepare_data.py --out ...`) -> UserScriptPreprocess
    else                                                          -> NoPreprocess (reason)
"""

from __future__ import annotations

import posixpath

from sagebridge.model import (
    Analysis,
    ChannelPlan,
    DatasetPlan,
    DatasetPreprocess,
    NoPreprocess,
    PipelineLayout,
    PreprocessKind,
    PreprocessPlan,
    UserScriptPreprocess,
)
from sagebridge.model.datasets import (
    BundledDataset,
    CsvDataset,
    HubDataset,
    KerasDataset,
    SklearnFetchDataset,
    TorchvisionDataset,
)
from sagebridge.plan.fidelity import NoteStep, unfaithful


def plan_preprocess(
    analysis: Analysis,
    dataset: DatasetPlan | None,
    channels: tuple[ChannelPlan, ...],
    layout: PipelineLayout,
) -> PreprocessPlan:
    missing = ""
    gaps = unfaithful(dataset.notes, NoteStep.PREPROCESS) if dataset is not None else ()
    if dataset is not None and gaps:  # the generated preprocess.py would not do what it does
        missing = f"{dataset.file}:{dataset.line}: {'; '.join(gaps)}"
        dataset = None
    if isinstance(dataset, TorchvisionDataset):
        return DatasetPreprocess(PreprocessKind.TORCHVISION, f"stages {dataset.name}")
    if isinstance(dataset, BundledDataset):
        if dataset.test_size is not None:
            return DatasetPreprocess(
                PreprocessKind.SKLEARN_BUNDLED, f"exports the split of {dataset.name}()"
            )
        missing = f"{dataset.name}() is split with no known test_size"
    if isinstance(dataset, KerasDataset):
        return DatasetPreprocess(
            PreprocessKind.KERAS, f"stages the arrays keras.datasets.{dataset.name} loads"
        )
    if isinstance(dataset, HubDataset):
        return DatasetPreprocess(
            PreprocessKind.HUB_DATASET, f"saves {dataset.source} with save_to_disk (needs internet)"
        )
    if isinstance(dataset, SklearnFetchDataset):
        return DatasetPreprocess(
            PreprocessKind.SKLEARN_FETCH,
            f"runs {dataset.name} into the training channel's data home (needs internet)",
        )
    if isinstance(dataset, CsvDataset):
        missing = _csv_gap(dataset)
        if not missing:
            return DatasetPreprocess(PreprocessKind.CSV, f"stages {dataset.name} and its split")
    user = _user_script(analysis, channels, layout)
    if user is not None:
        return user
    because = f" ({missing})" if missing else ""
    if not channels:
        return NoPreprocess(f"the script reads no data folder: nothing to prepare{because}")
    folders = ", ".join(dict.fromkeys(c.fallback for c in channels))
    return NoPreprocess(
        f"the script's data folder ({folders}) goes in as its channel as it is{because}"
    )


def _csv_gap(dataset: CsvDataset) -> str:
    """What the CSV plan lacks to stage the file and export the test split ("" = nothing)."""
    where = f"{dataset.file}:{dataset.line}"
    if not dataset.name:
        return f"the CSV path at {where} was not resolved to a file name"
    if not dataset.label_column:
        return f"no label column found for {dataset.name} ({where})"
    if dataset.test_size is None:
        return f"{dataset.name} has no train_test_split with a known test_size"
    return ""


def _user_script(
    analysis: Analysis, channels: tuple[ChannelPlan, ...], layout: PipelineLayout
) -> UserScriptPreprocess | None:
    """The user's prepare/generate script (analyze/prepare_scripts.py), its output flag pointed
    at the training channel."""
    for output in analysis.data_loads.output_flags:
        target = _in_channel(output.default, channels, layout)
        if target is not None:
            return UserScriptPreprocess(
                script=output.script,
                arguments=(output.flag, target),
                reason=f"runs your {output.script} with {output.flag} pointed at the training "
                "channel",
            )
    return None


def _in_channel(
    value: str, channels: tuple[ChannelPlan, ...], layout: PipelineLayout
) -> str | None:
    """`data/series.csv` written where the channel `data` is read -> its path in train output."""
    written = posixpath.normpath(value)
    for channel in channels:
        folder = posixpath.normpath(channel.fallback)
        if written == folder:
            return layout.train_output_path
        if written.startswith(folder + "/"):
            return f"{layout.train_output_path}/{written[len(folder) + 1 :]}"
    return None
