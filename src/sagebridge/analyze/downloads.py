"""Datasets the script downloads at run time, which a training container may not be able to.

    datasets.MNIST(data_dir, download=True)        -> torchvision.datasets.MNIST, MNIST
    keras.datasets.mnist.load_data()               -> keras.datasets.mnist.load_data, mnist
    fetch_openml("mnist_784")                      -> sklearn.datasets.fetch_openml, mnist_784
    urllib.request.urlretrieve(URL, "x.zip")       -> urllib.request.urlretrieve, the URL's file
    load_dataset("imdb")                           -> datasets.load_dataset, imdb

scikit-learn's `load_*` sets ship inside the package and are not downloads.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.knowledge import HF_DATASET_LOADERS, SKLEARN_FETCHERS, URL_FETCHERS
from sagebridge.analyze.source import ParsedModule, argument, keyword, string_value
from sagebridge.model import DatasetDownload

# `load_dataset("csv", data_files=...)` reads local files: not a download.
LOCAL_FILE_BUILDERS = frozenset(
    {"csv", "json", "parquet", "text", "arrow", "imagefolder", "audiofolder"}
)


def find_downloads(module: ParsedModule) -> list[DatasetDownload]:
    found: list[DatasetDownload] = []
    for call in module.calls():
        name = module.qualified(call.func)
        if name is None:
            continue
        dataset = _dataset(module, call, name)
        if dataset is not None:
            found.append(DatasetDownload(name, dataset, module.path, call.lineno))
    return sorted(found, key=lambda d: (d.line, d.call))


def _dataset(module: ParsedModule, call: ast.Call, name: str) -> str | None:
    parts = name.split(".")
    if name.startswith("torchvision.datasets.") and len(parts) == 3:
        flag = keyword(call, "download")
        downloads = flag is not None and not (isinstance(flag, ast.Constant) and not flag.value)
        return parts[-1] if downloads else None
    if (
        name.startswith(("keras.datasets.", "tensorflow.keras.datasets."))
        and parts[-1] == "load_data"
    ):
        return parts[-2]
    if name.startswith("sklearn.datasets.") and parts[-1] in SKLEARN_FETCHERS:
        chosen = string_value(argument(call, 0, "name")) or string_value(keyword(call, "data_id"))
        return chosen or parts[-1].removeprefix("fetch_")
    if name in HF_DATASET_LOADERS:
        source = argument(call, 0, "path") or argument(call, 0, "name")
        if source is None:
            return None
        dataset = string_value(source) or module.segment(source)
        return None if dataset in LOCAL_FILE_BUILDERS else dataset
    if name in URL_FETCHERS:
        url = argument(call, 0, "url")
        if url is None:
            return None
        text = string_value(url)
        if text is None:
            return module.segment(url)
        return text.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or text
    return None
