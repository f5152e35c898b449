"""Plan how preprocess.py stages the user's data and how evaluate.py reads the test set.

Before (the user's train.py)                          After (DatasetPlan)
    transform = transforms.Compose([...])                 kind="torchvision", name="MNIST",
    datasets.MNIST(data_dir, train=False,                 channel_subdir="MNIST/raw",
                   download=True, transform=transform)    transform="transforms.Compose([...])"

Three kinds are understood: torchvision's IDX datasets (MNIST, FashionMNIST, KMNIST), scikit-learn's bundled loaders
(`load_digits()` and friends, with the script's own `train_test_split` reproduced so the test
split can be exported), and a CSV read with pandas (label and dropped columns resolved from the
source), besides `keras.datasets.<name>.load_data()` (plan/keras_datasets.py). Anything else
gets no plan (None) and a generated preprocess.py that says so.

When the CSV lies inside the project, its columns are judged from the first rows analysis read
(`data_samples`, plan/csv_columns.py), so the generated tests can write synthetic rows in the
real schema. Where the data is loaded, and what the code says about it, are analysis's facts
(analyze/data_loads.py); this module only decides from them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from sagebridge.model import Analysis, DataSample, DatasetPlan, PathRole
from sagebridge.model.data_loads import BundledLoad, CsvRead, TorchvisionLoad
from sagebridge.model.datasets import BundledDataset, CsvDataset, TorchvisionDataset
from sagebridge.plan.csv_columns import csv_columns
from sagebridge.plan.dataset_split import script_split
from sagebridge.plan.fidelity import Informational, NoteStep, Unfaithful
from sagebridge.plan.keras_datasets import plan_keras_dataset


@dataclass(frozen=True)
class IdxDataset:
    """A torchvision dataset stored as IDX files under `<root>/<name>/raw/`."""

    raw_files: tuple[str, ...]  # train images, train labels, test images, test labels
    image_shape: tuple[int, ...]
    num_classes: int
    # The complete published files: records and MD5 of the decompressed file, in raw_files order.
    full_set: tuple[tuple[int, str], ...] = ()


# The four files torchvision's MNIST class reads (it checks all four even for train=False).
IDX_DATASETS: dict[str, IdxDataset] = {
    "MNIST": IdxDataset(
        raw_files=(
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte",
        ),
        image_shape=(1, 28, 28),
        num_classes=10,
        # As listed in the shared data README (../shared/data/mnist/README.md).
        full_set=(
            (60000, "6bbc9ace898e44ae57da46a324031adb"),
            (60000, "a25bea736e30d166cdddb491f175f624"),
            (10000, "2646ac647ad5339dbf082846283269ea"),
            (10000, "27ae3e4e09519cfbb04c329615203637"),
        ),
    ),
}
# torchvision's MNIST look-alikes read the same four file names under `<root>/<name>/raw/`
# (the pytorch tutorials' quickstart trains on FashionMNIST); their published checksums are not
# recorded here, so Preprocess checks their format and counts but no MD5.
for _look_alike in ("FashionMNIST", "KMNIST"):
    IDX_DATASETS[_look_alike] = IdxDataset(
        raw_files=IDX_DATASETS["MNIST"].raw_files, image_shape=(1, 28, 28), num_classes=10
    )

# scikit-learn's bundled loaders (no download): features per sample and classes.
SKLEARN_BUNDLED: dict[str, tuple[int, int | None]] = {
    "load_digits": (64, 10),
    "load_iris": (4, 3),
    "load_wine": (13, 3),
    "load_breast_cancer": (30, 2),
    "load_diabetes": (10, None),
}


def plan_dataset(
    analysis: Analysis, data_samples: Mapping[str, DataSample] | None = None
) -> DatasetPlan | None:
    """How the data is staged and read, or None when the loading code isn't one we know."""
    keras = plan_keras_dataset(analysis)
    if keras is not None:
        return keras
    load = analysis.data_loads.first
    if isinstance(load, TorchvisionLoad):
        return _torchvision_plan(analysis, load)
    if isinstance(load, BundledLoad):
        return _sklearn_plan(load)
    if isinstance(load, CsvRead):
        return _csv_plan(analysis, data_samples or {}, load)
    return None


# ---- torchvision -------------------------------------------------------------------------------


def _torchvision_plan(analysis: Analysis, load: TorchvisionLoad) -> TorchvisionDataset:
    name = load.name
    spec = IDX_DATASETS[name]
    notes: list[str] = []
    if load.has_transform:
        if load.unknown_names:
            notes.append(Unfaithful(
                f"the test transform uses runtime names {', '.join(load.unknown_names)}; "
                "evaluate.py can't rebuild it as written", NoteStep.EVALUATE,
            ))  # fmt: skip
        notes.extend(Unfaithful(note, NoteStep.EVALUATE) for note in load.support_notes)
    else:
        notes.append(Unfaithful(
            f"{name}(train=False) has no transform: evaluate.py would pass PIL images",
            NoteStep.EVALUATE,
        ))  # fmt: skip
    manual = any(d.resolution == "manual_download" for d in analysis.dependencies)
    if manual:
        notes.append(Informational(f"{name} is staged from the raw input, not downloaded in the job"))
    return TorchvisionDataset(
        name=name,
        source=load.source,
        manual_download=manual,
        raw_files=spec.raw_files,
        channel_subdir=f"{name}/raw",
        transform=load.transform,
        transform_support=load.transform_support,
        input_shape=spec.image_shape,
        num_classes=spec.num_classes,
        file=load.file,
        line=load.line,
        notes=tuple(notes),
    )


# ---- scikit-learn bundled data -----------------------------------------------------------------


def _sklearn_plan(load: BundledLoad) -> BundledDataset:
    features, classes = SKLEARN_BUNDLED[load.name]
    notes: list[str] = []
    if load.has_arguments:
        notes.append(Unfaithful(
            f"{load.source}: loader arguments are not reproduced", NoteStep.PREPROCESS
        ))  # fmt: skip
    split = script_split(load.split, notes)
    return BundledDataset(
        name=load.name,
        source=load.source,
        input_shape=(features,),
        num_classes=classes,
        file=load.file,
        line=load.line,
        notes=tuple(notes),
        split_source=split.source,
        test_size=split.test_size,
        random_state=split.random_state,
        test_size_setting=split.test_size_setting,
        random_state_setting=split.random_state_setting,
        stratify=split.stratify,
    )


# ---- CSV -----------------------------------------------------------------------------------------


def _csv_plan(
    analysis: Analysis, samples: Mapping[str, DataSample], read: CsvRead
) -> CsvDataset:
    notes: list[str] = []
    path = read.path
    if read.path_unresolved:
        url = next(
            (d.url for d in analysis.dataset_downloads
             if d.url and d.file == read.file and d.line == read.line),
            "",
        )  # a URL analysis followed further (plan/url_data.py makes it a channel)
        path = url
        if not url:
            notes.append(
                Unfaithful(f"the CSV path depends on {read.path_unresolved}", NoteStep.PREPROCESS)
            )
    relative = _relative_to_data_dir(analysis, path) if path else ""
    name = posixpath.basename(relative) if relative else ""
    label, dropped = _label_and_dropped(read, notes)
    read_options = _read_options(read, notes)
    split = script_split(read.split, notes)
    sample = _csv_sample(analysis, samples, path)
    columns = csv_columns(sample, label, dropped, notes) if sample else ()
    if sample is None:
        notes.append(
            f"{path or 'the CSV'} is not in the project: the generated tests that need data "
            "skip until they are given it; put a sample of it (a few hundred rows) at that path "
            "in the project and migrate again"
        )
    features = [c for c in sample.header if c != label and c not in dropped] if sample else []
    return CsvDataset(
        name=name,
        source=read.source,
        channel_subdir=posixpath.dirname(relative),
        label_column=label,
        drop_columns=dropped,
        input_shape=(len(features),) if sample else (),
        file=read.file,
        line=read.line,
        notes=tuple(notes),
        split_source=split.source,
        test_size=split.test_size,
        random_state=split.random_state,
        test_size_setting=split.test_size_setting,
        random_state_setting=split.random_state_setting,
        stratify=split.stratify,
        columns=columns,
        sampled_rows=len(sample.rows) if columns and sample else 0,
        loader_args=read_options,
    )


def _read_options(read: CsvRead, notes: list[str]) -> str:
    """`pd.read_csv(url, sep=";")` -> "sep=';'": preprocess.py reads the file the same way."""
    options: list[str] = []
    for option in read.read_options:
        if option.unresolved:
            notes.append(Unfaithful(
                f"read_csv's {option.name} depends on {option.unresolved}; preprocess.py omits it",
                NoteStep.PREPROCESS,
            ))  # fmt: skip
        else:
            options.append(f"{option.name}={option.literal}")
    return ", ".join(options)


def _relative_to_data_dir(analysis: Analysis, path: str) -> str:
    """`./data/churn.csv` with data dir `./data` -> `churn.csv` (what the channel holds)."""
    normal = posixpath.normpath(path)
    for hard_coded in analysis.hard_coded_paths:
        if hard_coded.role is PathRole.DATA:
            root = posixpath.normpath(hard_coded.value)
            if normal.startswith(root + "/"):
                return normal[len(root) + 1 :]
    return posixpath.basename(normal)


def _label_and_dropped(read: CsvRead, notes: list[str]) -> tuple[str, tuple[str, ...]]:
    """The label and the dropped columns the plan uses, with notes on those it can't know."""
    dropped: list[str] = []
    for drop in read.drops:
        if drop.unresolved:
            notes.append(Unfaithful(
                f"dropped columns depend on {drop.unresolved}", NoteStep.PREPROCESS
            ))  # fmt: skip
        dropped.extend(drop.columns)
    if not read.label:
        notes.append(Unfaithful(
            "no `y = df[<label>]` found: evaluate.py can't tell the label column",
            NoteStep.PREPROCESS,
        ))  # fmt: skip
    return read.label, tuple(c for c in dropped if c != read.label)


def _csv_sample(
    analysis: Analysis, samples: Mapping[str, DataSample], path: str
) -> DataSample | None:
    """The sampled head of the CSV the script reads, when that path lies inside the project."""
    if not path or posixpath.isabs(path):
        return None
    script_dir = posixpath.dirname(analysis.entry_point)
    for candidate in (posixpath.join(script_dir, path), path):  # run from its folder or the root
        sample = samples.get(posixpath.normpath(candidate))
        if sample is not None:
            return sample
    return None
