"""The plan's decision on how Preprocess stages the data and evaluate.py reads the test set: a
tagged union, one record per kind of data (plan/dataset.py and its neighbours build them).

    DatasetPlan (name, source, file, line, notes, input_shape, num_classes; `kind`)
    +-- TorchvisionDataset     IDX files under <name>/raw, the script's test transform
    +-- HeldOutSplit           the script's own train_test_split, reproduced
    |   +-- BundledDataset     scikit-learn's load_digits() and friends
    |   +-- CsvDataset         a CSV read with pandas: label, dropped and sampled columns
    +-- StagedDownload         a download Preprocess makes and the script reads from its channel
        +-- KerasDataset       keras.datasets.<name>.load_data()
        +-- HubDataset         datasets.load_dataset(<id>, <config>)
        +-- SklearnFetchDataset  sklearn.datasets.fetch_*()

`kind` is a class attribute (a StrEnum, equal to its string: templates compare
`dataset.kind == "csv"`); a template reads a field only under its kind's test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sagebridge.model.data_samples import ColumnKind
from sagebridge.model.facts import StrEnum


class DatasetKind(StrEnum):
    TORCHVISION = "torchvision"
    SKLEARN_BUNDLED = "sklearn_bundled"
    CSV = "csv"
    KERAS = "keras"
    HUB_DATASET = "hub_dataset"
    SKLEARN_FETCH = "sklearn_fetch"


@dataclass(frozen=True)
class ColumnSchema:
    """One column of a CSV as the plan judged it: its kind and observed range, no values."""

    name: str
    kind: ColumnKind
    low: float = 0  # INTEGER/FLOAT: the smallest and largest value seen
    high: float = 0
    decimals: int = 0  # FLOAT: the most digits after the point the file writes
    codes: tuple[int, ...] = ()  # BINARY/CATEGORY: the codes seen, sorted


@dataclass(frozen=True)
class DatasetPlan:
    """What every kind has: where the data is loaded in the user's code, the notes on how far
    the generated files reproduce it, and one example's shape and the classes when known."""

    kind: ClassVar[DatasetKind]
    name: str  # e.g. "MNIST", "load_digits", "churn.csv"
    source: str  # the original call in the user's code
    file: str = ""
    line: int = 0
    notes: tuple[str, ...] = ()
    input_shape: tuple[int, ...] = ()  # one example as the model takes it, e.g. (1, 28, 28)
    num_classes: int | None = None


@dataclass(frozen=True)
class TorchvisionDataset(DatasetPlan):
    kind: ClassVar[DatasetKind] = DatasetKind.TORCHVISION
    manual_download: bool = False  # preprocess stages raw files from its raw input, no internet
    raw_files: tuple[str, ...] = ()  # files preprocess needs under the raw input (gz accepted)
    channel_subdir: str = ""  # where the script looks under its data dir, e.g. "MNIST/raw"
    transform: str = ""  # source of the transform the script applies to its test set
    transform_support: str = ""  # standalone source (imports, constants) `transform` needs


@dataclass(frozen=True)
class HeldOutSplit(DatasetPlan):
    """A dataset the script splits itself; Preprocess exports the same held-out rows."""

    split_source: str = ""  # the script's own train/test split call, as written
    test_size: float | None = None  # its arguments, resolved to the values the script uses
    random_state: int | None = None
    # The script's settings (hyperparameter names) test_size/random_state come from: the
    # pipeline passes the same parameters to Preprocess, so the held-out set follows them.
    test_size_setting: str | None = None
    random_state_setting: str | None = None
    stratify: bool = False


@dataclass(frozen=True)
class BundledDataset(HeldOutSplit):
    kind: ClassVar[DatasetKind] = DatasetKind.SKLEARN_BUNDLED


@dataclass(frozen=True)
class CsvDataset(HeldOutSplit):
    kind: ClassVar[DatasetKind] = DatasetKind.CSV
    channel_subdir: str = ""  # the CSV's folder under the data dir
    label_column: str = ""
    drop_columns: tuple[str, ...] = ()  # columns the script drops besides the label
    # The file's columns as judged from its first rows at migrate time, for the generated
    # tests' synthetic rows; () when the file is not in the project.
    columns: tuple[ColumnSchema, ...] = ()
    sampled_rows: int = 0  # how many rows those columns were judged from
    loader_args: str = ""  # read_csv's parsing options as literals ("sep=';'")


@dataclass(frozen=True)
class StagedDownload(DatasetPlan):
    """A download Preprocess makes (the one step with internet) into a channel the migrated
    script reads (`channel_env`, set with the channel by plan/__init__.py)."""

    loader: str = ""  # the loader as imported, "keras.datasets.mnist.load_data"
    loader_args: str = ""  # its arguments as literals ("num_words=10000")
    channel_env: str = ""
    channel_file: str = ""  # what the script reads in the channel


@dataclass(frozen=True)
class KerasDataset(StagedDownload):
    kind: ClassVar[DatasetKind] = DatasetKind.KERAS
    manual_download: bool = True  # the published files are uploaded, no job downloads
    raw_files: tuple[str, ...] = ()  # the published files Preprocess accepts
    origins: tuple[str, ...] = ()  # where each comes from


@dataclass(frozen=True)
class HubDataset(StagedDownload):
    kind: ClassVar[DatasetKind] = DatasetKind.HUB_DATASET
    # The lines of every load_dataset call that reads the staged copy (the same id and config).
    staged_lines: tuple[int, ...] = ()
    requirement: str = ""  # the `datasets` line of the requirements, for Preprocess


@dataclass(frozen=True)
class SklearnFetchDataset(StagedDownload):
    kind: ClassVar[DatasetKind] = DatasetKind.SKLEARN_FETCH
    staged_lines: tuple[int, ...] = ()  # the fetch_* calls that read the channel's cache
