"""The calls behind the dataset downloads analysis found, their arguments resolved to the literals
Preprocess would run them with (plan/keras_datasets.py, plan/sklearn_fetchers.py and
plan/huggingface_datasets.py decide whether and how to stage them).

    keras.datasets.imdb.load_data(num_words=args.top_words)
    ->  KerasLoad(arguments=(LoaderArgument("num_words", literal="5000",
                                            through_settings=("top_words",)),))
    fetch_openml("titanic", version=1)  ->  FetchCall(literal="('fetch_openml', ('titanic',), {'version': 1})")
    load_dataset("glue", "mrpc")        ->  HubLoadCall(dataset_id="glue", config="mrpc")
"""

from __future__ import annotations

import ast

from sagebridge.analyze.index import SourceIndex, Unresolved
from sagebridge.analyze.knowledge import SKLEARN_FETCHERS
from sagebridge.model import DatasetDownload
from sagebridge.model.data_loads import FetchCall, HubLoadCall, KerasLoad, LoaderArgument

KERAS_DATASET_CALLS = ("keras.datasets.", "tensorflow.keras.datasets.")
SKLEARN_DATASETS = "sklearn.datasets."
# Set by Preprocess (data_home: the channel) or meaningless there (it must download).
PREPROCESS_SETS = frozenset({"data_home", "download_if_missing"})
HUB_CONFIG_KEYWORDS = ("name",)  # load_dataset(path, name=...): the config
HUB_SPLIT_KEYWORD = "split"


def is_sklearn_fetch(download: DatasetDownload) -> bool:
    return download.call.startswith(SKLEARN_DATASETS) and (
        download.call.removeprefix(SKLEARN_DATASETS) in SKLEARN_FETCHERS
    )


# ---- keras.datasets ------------------------------------------------------------------------------


def find_keras_loads(
    downloads: tuple[DatasetDownload, ...], index: SourceIndex
) -> tuple[KerasLoad, ...]:
    """The `load_data(...)` call of each keras.datasets download (when found at its line)."""
    loads: list[KerasLoad] = []
    for download in downloads:
        if not download.call.startswith(KERAS_DATASET_CALLS) or download.file not in index.modules:
            continue
        call = _load_data_at(index, download.file, download.line, download.call)
        if call is not None:
            loads.append(KerasLoad(
                file=download.file,
                line=download.line,
                call_line=call.lineno,
                source=index.modules[download.file].segment(call),
                arguments=_arguments(index, download.file, call),
            ))  # fmt: skip
    return tuple(loads)


def _load_data_at(index: SourceIndex, file: str, line: int, name: str) -> ast.Call | None:
    module = index.modules[file]
    for node in module.parsed.nodes:  # the module's one cached walk
        if isinstance(node, ast.Call) and node.lineno == line:
            dotted = module.segment(node.func)
            if dotted.rsplit(".", 1)[-1] == "load_data" and name.split(".")[-2] in dotted:
                return node
    return None


def _arguments(index: SourceIndex, file: str, call: ast.Call) -> tuple[LoaderArgument, ...]:
    """`imdb.load_data(num_words=args.top_words)` -> num_words=5000 (the setting's default)."""
    found = [_argument(index, file, None, node) for node in call.args]
    for item in call.keywords:
        if item.arg is None:
            segment = index.modules[file].segment(item.value)
            found.append(LoaderArgument(None, call.lineno, segment, unpacked=True))
        else:
            found.append(_argument(index, file, item.arg, item.value))
    return tuple(found)


def _argument(index: SourceIndex, file: str, name: str | None, node: ast.expr) -> LoaderArgument:
    index.hyperparameters_used.clear()
    try:
        value = index.resolve(file, node)
    except Unresolved as unresolved:
        segment = index.modules[file].segment(node)
        return LoaderArgument(name, node.lineno, segment, unresolved=str(unresolved))
    used = tuple(sorted(index.hyperparameters_used))
    return LoaderArgument(name, node.lineno, repr(value), through_settings=used)


# ---- scikit-learn fetch_* -----------------------------------------------------------------------


def find_fetch_calls(
    downloads: tuple[DatasetDownload, ...], index: SourceIndex
) -> tuple[FetchCall, ...]:
    """Each `sklearn.datasets.fetch_*` download's call, its arguments as a literal."""
    calls: list[FetchCall] = []
    for download in downloads:
        if not is_sklearn_fetch(download):
            continue
        name = download.call.removeprefix(SKLEARN_DATASETS)
        file = download.file
        call = next((c for c in index.find_calls(file, name) if c.lineno == download.line), None)
        if call is None:
            calls.append(FetchCall(file, download.line))
            continue
        source = index.modules[file].segment(call)
        index.hyperparameters_used.clear()
        try:
            literal = _call_literal(index, file, name, call)
        except Unresolved as why:
            calls.append(FetchCall(file, download.line, True, source, unresolved=str(why)))
            continue
        used = tuple(sorted(index.hyperparameters_used))
        calls.append(FetchCall(file, download.line, True, source, literal, through_settings=used))
    return tuple(calls)


def _call_literal(index: SourceIndex, file: str, name: str, call: ast.Call) -> str:
    """`fetch_openml("titanic", version=1)` -> `("fetch_openml", ('titanic',), {'version': 1})`."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise Unresolved("*args or **kwargs")
    args = tuple(index.resolve(file, a) for a in call.args)
    kwargs = {
        k.arg: index.resolve(file, k.value)
        for k in call.keywords
        if k.arg is not None and k.arg not in PREPROCESS_SETS
    }
    return repr((name, args, kwargs))


# ---- Hugging Face load_dataset ------------------------------------------------------------------


def find_hub_loads(entry: str, index: SourceIndex) -> tuple[HubLoadCall, ...]:
    """Every `load_dataset(...)` of the entry point: its id and config, or why not known."""
    loads: list[HubLoadCall] = []
    for call in index.find_calls(entry, "load_dataset"):
        first = _first_argument(index, entry, call)
        first_id = first if isinstance(first, str) else None
        try:
            dataset_id, config = _id_and_config(index, entry, call)
            _split(index, entry, call)
        except Unresolved as why:
            loads.append(HubLoadCall(call.lineno, first_id, unresolved=str(why)))
            continue
        loads.append(HubLoadCall(call.lineno, first_id, dataset_id, config))
    return tuple(loads)


def _first_argument(index: SourceIndex, file: str, call: ast.Call) -> object:
    node = call.args[0] if call.args else _keyword(call, "path")
    try:
        return index.resolve(file, node) if node is not None else None
    except Unresolved:
        return None


def _id_and_config(index: SourceIndex, file: str, call: ast.Call) -> tuple[str, str | None]:
    dataset_id = _first_argument(index, file, call)
    config_node = call.args[1] if len(call.args) > 1 else _keyword(call, *HUB_CONFIG_KEYWORDS)
    config = index.resolve(file, config_node) if config_node is not None else None
    if len(call.args) > 2 or any(
        k.arg not in (*HUB_CONFIG_KEYWORDS, HUB_SPLIT_KEYWORD, "path") for k in call.keywords
    ):
        raise Unresolved("arguments besides the id, config and split")
    if not isinstance(dataset_id, str) or not (config is None or isinstance(config, str)):
        raise Unresolved("the id or config is not a string")
    return dataset_id, config


def _split(index: SourceIndex, file: str, call: ast.Call) -> str | None:
    node = _keyword(call, HUB_SPLIT_KEYWORD)
    if node is None:
        return None
    split = index.resolve(file, node)
    if not (isinstance(split, str) and split.isidentifier()):
        raise Unresolved(f"split={split!r} is not a plain split name")
    return split


def _keyword(call: ast.Call, *names: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg in names), None)
