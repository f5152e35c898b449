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
real schema.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from sagebridge.analyze.index import SourceIndex, Unresolved, call_name, free_names, keyword
from sagebridge.model import (
    Analysis,
    DataSample,
    DatasetPlan,
    PathRole,
)
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
    analysis: Analysis,
    modules: SourceIndex,
    data_samples: Mapping[str, DataSample] | None = None,
) -> DatasetPlan | None:
    """How the data is staged and read, or None when the loading code isn't one we know."""
    keras = plan_keras_dataset(analysis, modules)
    if keras is not None:
        return keras
    index = modules.with_hyperparameters(analysis.hyperparameters)
    files = [analysis.entry_point] + sorted(f for f in index.modules if f != analysis.entry_point)
    for file in files:
        if file not in index.modules:
            continue
        for name in IDX_DATASETS:
            calls = [
                c
                for c in index.find_calls(file, name)
                if "datasets" in call_name(c) or call_name(c) == name
            ]
            if calls:
                return _torchvision_plan(analysis, index, file, name, calls)
        for name in SKLEARN_BUNDLED:
            calls = index.find_calls(file, name)
            if calls:
                return _sklearn_plan(index, file, name, calls[0])
        calls = index.find_calls(file, "read_csv")
        if calls:
            return _csv_plan(analysis, index, data_samples or {}, file, calls[0])
    return None


# ---- torchvision -------------------------------------------------------------------------------


def _torchvision_plan(
    analysis: Analysis, index: SourceIndex, file: str, name: str, calls: list[ast.Call]
) -> DatasetPlan:
    module = index.modules[file]
    spec = IDX_DATASETS[name]
    notes: list[str] = []
    test_call = next(
        (c for c in calls if _resolves_to(index, file, keyword(c, "train"), False)), calls[-1]
    )
    transform, support = "", ""
    node = keyword(test_call, "transform")
    if node is not None:
        node = _local_definition(index, file, node)
        transform = _dedent_continuation(module.segment(node), module.text, node.lineno)
        needed = free_names(node)
        unknown = sorted(needed - set(module.bindings))
        if unknown:
            notes.append(Unfaithful(
                f"the test transform uses runtime names {', '.join(unknown)}; "
                "evaluate.py can't rebuild it as written", NoteStep.EVALUATE,
            ))  # fmt: skip
        support, more = index.standalone_source(file, needed & set(module.bindings))
        notes.extend(Unfaithful(note, NoteStep.EVALUATE) for note in more)
    else:
        notes.append(Unfaithful(
            f"{name}(train=False) has no transform: evaluate.py would pass PIL images",
            NoteStep.EVALUATE,
        ))  # fmt: skip
    manual = any(d.resolution == "manual_download" for d in analysis.dependencies)
    if manual:
        notes.append(Informational(f"{name} is staged from the raw input, not downloaded in the job"))
    return DatasetPlan(
        kind="torchvision",
        name=name,
        source=module.segment(test_call),
        manual_download=manual,
        raw_files=spec.raw_files,
        channel_subdir=f"{name}/raw",
        transform=transform,
        transform_support=support,
        input_shape=spec.image_shape,
        num_classes=spec.num_classes,
        file=file,
        line=test_call.lineno,
        notes=tuple(notes),
    )


def _local_definition(index: SourceIndex, file: str, node: ast.expr) -> ast.expr:
    """`transform=transform` -> the expression assigned to `transform` in the same function."""
    if not isinstance(node, ast.Name):
        return node
    function = index.enclosing_function(file, node)
    scope: ast.AST = function if function is not None else index.modules[file].tree
    assigned = [
        stmt
        for stmt in ast.walk(scope)
        if isinstance(stmt, ast.Assign)
        and stmt.lineno < node.lineno
        and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets)
    ]
    if not assigned and function is not None:
        stmt = index.modules[file].bindings.get(node.id)
        assigned = [stmt] if isinstance(stmt, ast.Assign) else []
    return max(assigned, key=lambda s: s.lineno).value if assigned else node


def _dedent_continuation(segment: str, text: str, line: int) -> str:
    """Re-indent a multi-line expression as if its first line started at column 0."""
    first_line = text.splitlines()[line - 1]
    indent = len(first_line) - len(first_line.lstrip())
    lines = segment.splitlines()
    return "\n".join(
        lines[:1] + [rest[indent:] if rest[:indent].strip() == "" else rest for rest in lines[1:]]
    )


def _resolves_to(index: SourceIndex, file: str, node: ast.expr | None, value: object) -> bool:
    if node is None:
        return False
    try:
        return bool(index.resolve(file, node) == value)
    except Unresolved:
        return False


# ---- scikit-learn bundled data -----------------------------------------------------------------


def _sklearn_plan(index: SourceIndex, file: str, name: str, call: ast.Call) -> DatasetPlan:
    module = index.modules[file]
    features, classes = SKLEARN_BUNDLED[name]
    notes: list[str] = []
    if call.args or call.keywords:
        notes.append(Unfaithful(
            f"{module.segment(call)}: loader arguments are not reproduced", NoteStep.PREPROCESS
        ))  # fmt: skip
    split = script_split(index, file, notes)
    return DatasetPlan(
        kind="sklearn_bundled",
        name=name,
        source=module.segment(call),
        input_shape=(features,),
        num_classes=classes,
        file=file,
        line=call.lineno,
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
    analysis: Analysis,
    index: SourceIndex,
    samples: Mapping[str, DataSample],
    file: str,
    call: ast.Call,
) -> DatasetPlan:
    module = index.modules[file]
    notes: list[str] = []
    path_node = keyword(call, "filepath_or_buffer", 0)
    path = ""
    if path_node is not None:
        try:
            resolved = index.resolve(file, path_node)
            path = resolved if isinstance(resolved, str) else ""
        except Unresolved as unresolved:
            url = next(
                (d.url for d in analysis.dataset_downloads
                 if d.url and d.file == file and d.line == call.lineno),
                "",
            )  # a URL analysis followed further (plan/url_data.py makes it a channel)
            path = url
            if not url:
                notes.append(
                    Unfaithful(f"the CSV path depends on {unresolved}", NoteStep.PREPROCESS)
                )
    relative = _relative_to_data_dir(analysis, path) if path else ""
    name = posixpath.basename(relative) if relative else ""
    label, dropped = _label_and_dropped(index, file, call, notes)
    read_options = _read_options(index, file, call, notes)
    split = script_split(index, file, notes)
    sample = _csv_sample(analysis, samples, path)
    columns = csv_columns(sample, label, dropped, notes) if sample else ()
    if sample is None:
        notes.append(
            f"{path or 'the CSV'} is not in the project: the generated tests that need data "
            "skip until they are given it; put a sample of it (a few hundred rows) at that path "
            "in the project and migrate again"
        )
    features = [c for c in sample.header if c != label and c not in dropped] if sample else []
    return DatasetPlan(
        kind="csv",
        name=name,
        source=module.segment(call),
        channel_subdir=posixpath.dirname(relative),
        label_column=label,
        drop_columns=dropped,
        input_shape=(len(features),) if sample else (),
        file=file,
        line=call.lineno,
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


# read_csv options preprocess.py passes on as the script wrote them (how the file is parsed).
READ_OPTIONS = frozenset(
    {"sep", "delimiter", "header", "decimal", "encoding", "comment", "skiprows", "na_values"}
)


def _read_options(index: SourceIndex, file: str, call: ast.Call, notes: list[str]) -> str:
    """`pd.read_csv(url, sep=";")` -> "sep=';'": preprocess.py reads the file the same way."""
    options: list[str] = []
    for item in call.keywords:
        if item.arg not in READ_OPTIONS:
            continue
        try:
            options.append(f"{item.arg}={index.resolve(file, item.value)!r}")
        except Unresolved as unresolved:
            notes.append(Unfaithful(
                f"read_csv's {item.arg} depends on {unresolved}; preprocess.py omits it",
                NoteStep.PREPROCESS,
            ))  # fmt: skip
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


def _label_and_dropped(
    index: SourceIndex, file: str, read: ast.Call, notes: list[str]
) -> tuple[str, tuple[str, ...]]:
    """`y = df[TARGET]` and `df.drop(columns=[TARGET, ID_COLUMN])`, in read_csv's function."""
    scope: ast.AST = index.enclosing_function(file, read) or index.modules[file].tree
    label = ""
    dropped: list[str] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript) and not label:
            try:
                value = index.resolve(file, node.value.slice)
            except Unresolved:
                continue
            if isinstance(value, str):
                label = value
        if isinstance(node, ast.Call) and call_name(node).endswith(".drop"):
            columns = keyword(node, "columns", 0)
            if columns is None:
                continue
            try:
                value = index.resolve(file, columns)
            except Unresolved as unresolved:
                notes.append(Unfaithful(
                    f"dropped columns depend on {unresolved}", NoteStep.PREPROCESS
                ))  # fmt: skip
                continue
            dropped.extend(value if isinstance(value, tuple) else (value,))
    if not label:
        notes.append(Unfaithful(
            "no `y = df[<label>]` found: evaluate.py can't tell the label column",
            NoteStep.PREPROCESS,
        ))  # fmt: skip
    return label, tuple(c for c in dropped if c != label)


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
