"""Plan how Preprocess stages a `keras.datasets.<name>.load_data()` the script calls.

Before (the user's train.py)                          After (DatasetPlan, kind="keras")
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

import ast
from dataclasses import dataclass, replace

from sagebridge import contract
from sagebridge.analyze.index import SourceIndex, Unresolved
from sagebridge.model import Analysis, ChannelPlan, DatasetPlan

KERAS_DATASET_CALLS = ("keras.datasets.", "tensorflow.keras.datasets.")
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# The channel the staged arrays go in when the script reads no other data folder.
KERAS_CHANNEL = contract.DEFAULT_TRAINING_CHANNEL


@dataclass(frozen=True)
class KerasDataset:
    """The published files a `keras.datasets` loader reads (what `get_file` fetches)."""

    files: tuple[str, ...]
    origins: tuple[str, ...]
    num_classes: int | None = None


def _published(*names: str, num_classes: int | None = None) -> KerasDataset:
    return KerasDataset(names, tuple(KERAS_ORIGIN + n for n in names), num_classes)


KERAS_DATASETS: dict[str, KerasDataset] = {
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
    "cifar10": KerasDataset(
        ("cifar-10-python.tar.gz",), ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",), 10
    ),
    "cifar100": KerasDataset(
        ("cifar-100-python.tar.gz",),
        ("https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",),
        100,
    ),
}


def plan_keras_dataset(analysis: Analysis, modules: SourceIndex) -> DatasetPlan | None:
    """The first `keras.datasets.<name>.load_data(...)` of a dataset we know, or None."""
    downloads = [
        d
        for d in analysis.dataset_downloads
        if d.call.startswith(KERAS_DATASET_CALLS) and d.file in modules.modules
    ]
    if not downloads:
        return None
    download = min(downloads, key=lambda d: (d.file != analysis.entry_point, d.file, d.line))
    spec = KERAS_DATASETS.get(download.dataset)
    if spec is None:
        return None
    index = modules.with_hyperparameters(analysis.hyperparameters)
    call = _call_at(index, download.file, download.line, download.call)
    if call is None:
        return None
    notes: list[str] = []
    args = _literal_arguments(index, download.file, call, notes)
    module = index.modules[download.file]
    return DatasetPlan(
        kind="keras",
        name=download.dataset,
        source=module.segment(call),
        manual_download=True,
        raw_files=spec.files,
        num_classes=spec.num_classes,
        file=download.file,
        line=call.lineno,
        notes=tuple(notes),
        loader=download.call,
        loader_args=args,
        origins=spec.origins,
        channel_file=f"{download.dataset}.npz",
    )


def with_keras_channel(
    dataset: DatasetPlan | None, channels: tuple[ChannelPlan, ...]
) -> tuple[DatasetPlan | None, tuple[ChannelPlan, ...]]:
    """The channel the staged arrays come in: `training`, or their own when the script already
    reads a data folder there. Line 0: no literal in the script reads it (the loader call does)."""
    if dataset is None or dataset.kind != "keras":
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
    if dataset is None or dataset.kind != "keras":
        return warnings
    staged = f"{dataset.file}:{dataset.line}: "
    return tuple(w for w in warnings if not (w.startswith(staged) and "downloads" in w))


def _call_at(index: SourceIndex, file: str, line: int, name: str) -> ast.Call | None:
    module = index.modules.get(file)
    if module is None:
        return None
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and node.lineno == line:
            dotted = module.segment(node.func)
            if dotted.rsplit(".", 1)[-1] == "load_data" and name.split(".")[-2] in dotted:
                return node
    return None


def _literal_arguments(
    index: SourceIndex, file: str, call: ast.Call, notes: list[str]
) -> str:
    """`imdb.load_data(num_words=args.top_words)` -> "num_words=5000" (the setting's default)."""
    parts: list[str] = []
    for position, node in enumerate(call.args):
        parts.append(_literal(index, file, node, f"argument {position + 1}", notes))
    for keyword in call.keywords:
        if keyword.arg is None:
            notes.append(f"{file}:{call.lineno}: **{index.modules[file].segment(keyword.value)} "
                         "is not reproduced by preprocess.py")
            continue
        parts.append(f"{keyword.arg}={_literal(index, file, keyword.value, keyword.arg, notes)}")
    return ", ".join(parts)


def _literal(index: SourceIndex, file: str, node: ast.expr, what: str, notes: list[str]) -> str:
    index.hyperparameters_used.clear()
    try:
        value = index.resolve(file, node)
    except Unresolved as unresolved:
        notes.append(
            f"{file}:{node.lineno}: the loader's {what} depends on {unresolved}; preprocess.py "
            "passes it as written, which may not run there"
        )
        return index.modules[file].segment(node)
    used = sorted(index.hyperparameters_used)
    if used:
        notes.append(
            f"{file}:{node.lineno}: the loader's {what} comes from {', '.join(used)}; "
            f"preprocess.py stages the data with its default ({value!r}), so an execution that "
            "changes it trains on the default's arrays"
        )
    return repr(value)
