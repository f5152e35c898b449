"""Where and how the user's code loads its data: facts analysis finds (analyze/data_loads.py and
its neighbours), from which the plan decides how Preprocess stages the data (plan/dataset.py).

Each record says what the code does, with values resolved as far as they are known before the
script runs (settings read as their defaults); `unresolved` says why one is not ("" = known).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SplitArgument:
    """`test_size` or `random_state` of the script's `train_test_split(...)`."""

    name: str
    value: Any = None
    unresolved: str = ""
    # The one setting it is (`test_size=args.test_size`), passed on to Preprocess as it is.
    setting: str | None = None
    # Settings it depends on through an expression (`args.size / 100`): reproduced at defaults.
    through_settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SplitCall:
    """The first `train_test_split(...)` in the file that loads the data."""

    source: str
    line: int
    arguments: tuple[SplitArgument, ...] = ()
    stratify: bool = False


@dataclass(frozen=True)
class TorchvisionLoad:
    """`datasets.MNIST(root, train=False, transform=...)`: the test set's call (else the last)."""

    kind: str = field(default="torchvision", init=False)  # which record this is, in JSON

    name: str  # the dataset class (MNIST, FashionMNIST, KMNIST)
    file: str
    line: int
    source: str
    has_transform: bool = False
    transform: str = ""  # the transform's expression, dedented (its local definition followed)
    transform_support: str = ""  # module-level code the transform needs, standalone
    unknown_names: tuple[str, ...] = ()  # names the transform uses that the module never binds
    support_notes: tuple[str, ...] = ()  # why some of that support can't be carried


@dataclass(frozen=True)
class BundledLoad:
    """`load_digits()` and scikit-learn's other bundled loaders (no download)."""

    kind: str = field(default="sklearn_bundled", init=False)  # which record this is, in JSON

    name: str
    file: str
    line: int
    source: str
    has_arguments: bool = False
    split: SplitCall | None = None


@dataclass(frozen=True)
class ColumnsDropped:
    """`df.drop(columns=[...])` in read_csv's function: the columns, or why they are unknown."""

    columns: tuple[Any, ...] = ()
    unresolved: str = ""


@dataclass(frozen=True)
class ReadOption:
    """A read_csv option on how the file is parsed (`sep=";"`), as a literal, or unresolved."""

    name: str
    literal: str = ""  # repr of the value
    unresolved: str = ""


@dataclass(frozen=True)
class CsvRead:
    """`pd.read_csv(path)`, its path, label and dropped columns resolved from the source."""

    kind: str = field(default="csv", init=False)  # which record this is, in JSON

    file: str
    line: int
    source: str
    has_path: bool = False
    path: str = ""  # the resolved path ("" when unresolved or not a string)
    path_unresolved: str = ""
    label: str = ""  # `y = df[<label>]`, "" when none found
    drops: tuple[ColumnsDropped, ...] = ()
    read_options: tuple[ReadOption, ...] = ()
    split: SplitCall | None = None


DataLoad = TorchvisionLoad | BundledLoad | CsvRead


@dataclass(frozen=True)
class LoaderArgument:
    """One argument of a loader call: the literal preprocess.py passes (repr of its value, or
    the source as written when unresolved or unpacked with `**`)."""

    keyword: str | None  # None: positional
    line: int
    literal: str
    unresolved: str = ""
    through_settings: tuple[str, ...] = ()  # settings its value is the default of
    unpacked: bool = False  # `**options`


@dataclass(frozen=True)
class KerasLoad:
    """`keras.datasets.<name>.load_data(...)` at a download analysis found."""

    file: str
    line: int  # the download's line (as DatasetDownload reports it)
    call_line: int
    source: str
    arguments: tuple[LoaderArgument, ...] = ()


@dataclass(frozen=True)
class FetchCall:
    """`sklearn.datasets.fetch_*(...)` at a download analysis found, its arguments resolved to
    `(name, args, kwargs)` as text (without data_home/download_if_missing)."""

    file: str
    line: int
    found: bool = False  # the call was found at that line
    source: str = ""
    literal: str = ""
    unresolved: str = ""
    through_settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class HubLoadCall:
    """`load_dataset(...)` in the entry point: its id and config, or why they are not known."""

    line: int
    first_argument: str | None = None  # the resolved id, when it is a string
    dataset_id: str = ""
    config: str | None = None
    unresolved: str = ""


@dataclass(frozen=True)
class OutputFlag:
    """`--out data/series.csv` of a data-preparation script beside the entry point."""

    script: str
    flag: str
    default: str


@dataclass(frozen=True)
class DataLoads:
    """Everything analysis found about how the data is loaded."""

    first: DataLoad | None = None  # torchvision, bundled or CSV, entry point first
    keras: tuple[KerasLoad, ...] = ()
    fetches: tuple[FetchCall, ...] = ()
    hub: tuple[HubLoadCall, ...] = ()
    output_flags: tuple[OutputFlag, ...] = ()
