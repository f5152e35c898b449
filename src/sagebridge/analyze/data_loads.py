"""Where the training code loads its data: the first torchvision IDX dataset, scikit-learn bundled
loader or `read_csv` call (entry point first, then the other files by path), with what
Preprocess needs to reproduce it resolved from the source (plan/dataset.py decides from these).

    datasets.MNIST(data_dir, train=False, transform=transform)
    ->  TorchvisionLoad(name="MNIST", transform="transforms.Compose([...])", ...)
    df = pd.read_csv("data/churn.csv"); y = df["churned"]; train_test_split(..., test_size=0.2)
    ->  CsvRead(path="data/churn.csv", label="churned", split=SplitCall(...))
"""

from __future__ import annotations

import ast

from sagebridge.analyze.data_split import find_split
from sagebridge.analyze.index import SourceIndex, Unresolved, call_name, free_names, keyword
from sagebridge.analyze.loader_calls import find_fetch_calls, find_hub_loads, find_keras_loads
from sagebridge.analyze.prepare_scripts import find_output_flags
from sagebridge.model import Analysis
from sagebridge.model.data_loads import (
    BundledLoad,
    ColumnsDropped,
    CsvRead,
    DataLoad,
    DataLoads,
    ReadOption,
    TorchvisionLoad,
)

# torchvision's datasets stored as IDX files under `<root>/<name>/raw/` (plan/dataset.py knows
# their files), and scikit-learn's bundled loaders, in the order they are looked for.
IDX_DATASET_CLASSES = ("MNIST", "FashionMNIST", "KMNIST")
SKLEARN_BUNDLED_LOADERS = (
    "load_digits",
    "load_iris",
    "load_wine",
    "load_breast_cancer",
    "load_diabetes",
)
# read_csv options preprocess.py passes on as the script wrote them (how the file is parsed).
READ_OPTIONS = frozenset(
    {"sep", "delimiter", "header", "decimal", "encoding", "comment", "skiprows", "na_values"}
)


def find_data_loads(analysis: Analysis, modules: SourceIndex) -> DataLoads:
    """Every data-loading fact, found with the settings known (resolved as their defaults)."""
    index = modules.with_hyperparameters(analysis.hyperparameters)
    downloads = analysis.dataset_downloads
    return DataLoads(
        first=find_data_load(analysis, index),
        keras=find_keras_loads(downloads, index),
        fetches=find_fetch_calls(downloads, index),
        hub=find_hub_loads(analysis.entry_point, index),
        output_flags=find_output_flags(analysis.entry_point, index),
    )


def find_data_load(analysis: Analysis, index: SourceIndex) -> DataLoad | None:
    """The first data loading we know, or None. `index` knows the settings (their defaults)."""
    files = [analysis.entry_point] + sorted(f for f in index.modules if f != analysis.entry_point)
    for file in files:
        if file not in index.modules:
            continue
        for name in IDX_DATASET_CLASSES:
            calls = [
                c
                for c in index.find_calls(file, name)
                if "datasets" in call_name(c) or call_name(c) == name
            ]
            if calls:
                return _torchvision(index, file, name, calls)
        for name in SKLEARN_BUNDLED_LOADERS:
            calls = index.find_calls(file, name)
            if calls:
                return _bundled(index, file, name, calls[0])
        calls = index.find_calls(file, "read_csv")
        if calls:
            return _csv(index, file, calls[0])
    return None


# ---- torchvision -------------------------------------------------------------------------------


def _torchvision(index: SourceIndex, file: str, name: str, calls: list[ast.Call]) -> DataLoad:
    module = index.modules[file]
    test_call = next(
        (c for c in calls if _resolves_to(index, file, keyword(c, "train"), False)), calls[-1]
    )
    node = keyword(test_call, "transform")
    load = TorchvisionLoad(
        name=name, file=file, line=test_call.lineno, source=module.segment(test_call)
    )
    if node is None:
        return load
    node = _local_definition(index, file, node)
    needed = free_names(node)
    support, notes = index.standalone_source(file, needed & set(module.bindings))
    return TorchvisionLoad(
        name=name,
        file=file,
        line=test_call.lineno,
        source=load.source,
        has_transform=True,
        transform=_dedent_continuation(module.segment(node), module.text, node.lineno),
        transform_support=support,
        unknown_names=tuple(sorted(needed - set(module.bindings))),
        support_notes=notes,
    )


def _local_definition(index: SourceIndex, file: str, node: ast.expr) -> ast.expr:
    """`transform=transform` -> the expression assigned to `transform` in the same function."""
    if not isinstance(node, ast.Name):
        return node
    function = index.enclosing_function(file, node)
    scope = ast.walk(function) if function is not None else index.modules[file].parsed.nodes
    assigned = [
        stmt
        for stmt in scope
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


def _bundled(index: SourceIndex, file: str, name: str, call: ast.Call) -> DataLoad:
    return BundledLoad(
        name=name,
        file=file,
        line=call.lineno,
        source=index.modules[file].segment(call),
        has_arguments=bool(call.args or call.keywords),
        split=find_split(index, file),
    )


# ---- CSV -----------------------------------------------------------------------------------------


def _csv(index: SourceIndex, file: str, call: ast.Call) -> DataLoad:
    path_node = keyword(call, "filepath_or_buffer", 0)
    path, why = "", ""
    if path_node is not None:
        try:
            resolved = index.resolve(file, path_node)
            path = resolved if isinstance(resolved, str) else ""
        except Unresolved as unresolved:
            why = str(unresolved)
    label, drops = _label_and_dropped(index, file, call)
    return CsvRead(
        file=file,
        line=call.lineno,
        source=index.modules[file].segment(call),
        has_path=path_node is not None,
        path=path,
        path_unresolved=why,
        label=label,
        drops=drops,
        read_options=_read_options(index, file, call),
        split=find_split(index, file),
    )


def _read_options(index: SourceIndex, file: str, call: ast.Call) -> tuple[ReadOption, ...]:
    """`pd.read_csv(url, sep=";")` -> ReadOption("sep", "';'")."""
    options: list[ReadOption] = []
    for item in call.keywords:
        if item.arg not in READ_OPTIONS:
            continue
        try:
            options.append(ReadOption(item.arg, repr(index.resolve(file, item.value))))
        except Unresolved as unresolved:
            options.append(ReadOption(item.arg, unresolved=str(unresolved)))
    return tuple(options)


def _label_and_dropped(
    index: SourceIndex, file: str, read: ast.Call
) -> tuple[str, tuple[ColumnsDropped, ...]]:
    """`y = df[TARGET]` and `df.drop(columns=[TARGET, ID_COLUMN])`, in read_csv's function."""
    function = index.enclosing_function(file, read)
    label = ""
    drops: list[ColumnsDropped] = []
    for node in ast.walk(function) if function is not None else index.modules[file].parsed.nodes:
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
                drops.append(ColumnsDropped(unresolved=str(unresolved)))
                continue
            drops.append(ColumnsDropped(value if isinstance(value, tuple) else (value,)))
    return label, tuple(drops)
