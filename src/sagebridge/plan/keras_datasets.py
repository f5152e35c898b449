"""Plan how Preprocess stages a `keras.datasets.<name>.load_data()` the script calls.

Before (the user's train.py)                          After (KerasDataset)
    (x_train, y_train), (x_test, y_test) = \\            name="imdb", loader_args="num_words=10000",
        keras.datasets.imdb.load_data(num_words=10000)    raw_files=("imdb.npz",), origins=(URL,),
                                                          channel_env="SM_CHANNEL_TRAINING",
                                                          channel_file="imdb.npz"

A training job in a VPC without internet (or with network isolation) can't download. The
generated preprocess.py runs the same loader, with the same arguments, on the published file the
user uploaded (or found in the Keras cache, $KERAS_HOME/datasets), and writes the four arrays it
returns to `<channel>/<name>.npz`; the migrated script reads that file when SM_CHANNEL_* is set
and calls the original loader elsewhere (transform/dataset_downloads.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sagebridge import contract
from sagebridge.analyze.loader_calls import KERAS_DATASET_CALLS
from sagebridge.model import Analysis, ChannelPlan, DatasetPlan
from sagebridge.model.data_loads import LoaderArgument
from sagebridge.model.datasets import KerasDataset

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# The channel the staged arrays go in when the script reads no other data folder.
KERAS_CHANNEL = contract.DEFAULT_TRAINING_CHANNEL


@dataclass(frozen=True)
class PublishedFiles:
    """The published files a `keras.datasets` loader reads (what `get_file` fetches)."""

    files: tuple[str, ...]
    origins: tuple[str, ...]
    num_classes: int | None = None


def _published(*names: str, num_classes: int | None = None) -> PublishedFiles:
    return PublishedFiles(names, tuple(KERAS_ORIGIN + n for n in names), num_classes)


KERAS_DATASETS: dict[str, PublishedFiles] = {
    "mnist": _published("mnist.npz", num_classes=10),
    "fashion_mnist": _published(
        "train-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        num_classes=10,
    ),
    "imdb": _published("imdb.npz", num_classes=2),
    "reuters": _published("reuters.npz", num_classes=46),
    "boston_housing": _published("boston_housing.npz"),
    "california_housing": _published("california_housing.npz"),
    "cifar10": PublishedFiles(
        ("cifar-10-python.tar.gz",), ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",), 10
    ),
    "cifar100": PublishedFiles(
        ("cifar-100-python.tar.gz",),
        ("https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",),
        100,
    ),
}


def plan_keras_dataset(analysis: Analysis) -> KerasDataset | None:
    """The first `keras.datasets.<name>.load_data(...)` of a dataset we know, or None."""
    downloads = [d for d in analysis.dataset_downloads if d.call.startswith(KERAS_DATASET_CALLS)]
    if not downloads:
        return None
    download = min(downloads, key=lambda d: (d.file != analysis.entry_point, d.file, d.line))
    spec = KERAS_DATASETS.get(download.dataset)
    if spec is None:
        return None
    load = next(
        (k for k in analysis.data_loads.keras if (k.file, k.line) == (download.file, download.line)),
        None,
    )
    if load is None:
        return None
    notes: list[str] = []
    parts: list[str] = []
    for position, argument in enumerate(load.arguments, start=1):  # positional ones first
        part = _literal(download.file, load.call_line, argument, f"argument {position}", notes)
        if part is not None:
            parts.append(part)
    return KerasDataset(
        name=download.dataset,
        source=load.source,
        manual_download=True,
        raw_files=spec.files,
        num_classes=spec.num_classes,
        file=download.file,
        line=load.call_line,
        notes=tuple(notes),
        loader=download.call,
        loader_args=", ".join(parts),
        origins=spec.origins,
        channel_file=f"{download.dataset}.npz",
    )


def with_keras_channel(
    dataset: DatasetPlan | None, channels: tuple[ChannelPlan, ...]
) -> tuple[DatasetPlan | None, tuple[ChannelPlan, ...]]:
    """The channel the staged arrays come in: `training`, or their own when the script already
    reads a data folder there. Line 0: no literal in the script reads it (the loader call does)."""
    if not isinstance(dataset, KerasDataset):
        return dataset, channels
    taken = {channel.name for channel in channels}
    name = KERAS_CHANNEL if KERAS_CHANNEL not in taken else f"keras_{dataset.name}"
    channel = ChannelPlan(
        name=name, env=contract.channel_env(name), fallback="", file=dataset.file, line=0
    )
    return replace(dataset, channel_env=channel.env), (*channels, channel)


def without_download_warning(
    warnings: tuple[str, ...], dataset: DatasetPlan | None
) -> tuple[str, ...]:
    """plan/keras.py's "downloads in the training job" warning, dropped once Preprocess stages
    that download."""
    if not isinstance(dataset, KerasDataset):
        return warnings
    staged = f"{dataset.file}:{dataset.line}: "
    return tuple(w for w in warnings if not (w.startswith(staged) and "downloads" in w))


def _literal(
    file: str, line: int, argument: LoaderArgument, position: str, notes: list[str]
) -> str | None:
    """`num_words=5000` as preprocess.py passes it (None: left out), with notes on how far it
    differs from what the script runs."""
    if argument.unpacked:
        notes.append(f"{file}:{line}: **{argument.literal} is not reproduced by preprocess.py")
        return None
    what = argument.keyword or position
    if argument.unresolved:
        notes.append(
            f"{file}:{argument.line}: the loader's {what} depends on {argument.unresolved}; "
            "preprocess.py passes it as written, which may not run there"
        )
    elif argument.through_settings:
        notes.append(
            f"{file}:{argument.line}: the loader's {what} comes from "
            f"{', '.join(argument.through_settings)}; preprocess.py stages the data with its "
            f"default ({argument.literal}), so an execution that changes it trains on the "
            "default's arrays"
        )
    return f"{argument.keyword}={argument.literal}" if argument.keyword else argument.literal
