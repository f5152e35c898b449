"""Datasets the script downloads at run time, which a training container may not be able to.

    datasets.MNIST(data_dir, download=True)        -> torchvision.datasets.MNIST, MNIST
    keras.datasets.mnist.load_data()               -> keras.datasets.mnist.load_data, mnist
    fetch_openml("mnist_784")                      -> sklearn.datasets.fetch_openml, mnist_784
    urllib.request.urlretrieve(URL, "x.zip")       -> urllib.request.urlretrieve, the URL's file,
                                                      url= URL when a literal holds it whole
    keras.utils.get_file("FordA.zip", origin=URL)  -> keras.utils.get_file, FordA.zip, url= URL
    load_dataset("imdb")                           -> datasets.load_dataset, imdb, hub="dataset"
    WikiText2(data_dir)  (lightning.pytorch.demos) -> ...demos.WikiText2, WikiText2
    AutoModel.from_pretrained("bert-base-uncased") -> ...from_pretrained, bert-base-uncased,
                                                      hub="model" (a local folder is data)
    pd.read_csv(csv_url, sep=";")                  -> pandas.read_csv, winequality-red.csv,
      csv_url = "https://host/d/winequality-red.csv"   url= that URL, url_line= the literal's line

scikit-learn's `load_*` sets ship inside the package and are not downloads.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.huggingface import is_local
from sagebridge.analyze.knowledge import HF_DATASET_LOADERS, SKLEARN_FETCHERS, URL_FETCHERS
from sagebridge.analyze.lightning_demos import lightning_demo_dataset
from sagebridge.analyze.module_aliases import module_aliases, through_alias
from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument, keyword, string_value
from sagebridge.analyze.url_reads import URL_READERS, URL_SCHEMES, url_reads, whole
from sagebridge.model import DatasetDownload

# `load_dataset("csv", data_files=...)` reads local files: not a download.
LOCAL_FILE_BUILDERS = frozenset(
    {"csv", "json", "parquet", "text", "arrow", "imagefolder", "audiofolder"}
)
# Fetchers that write the URL's file to a path the script then reads: (position, keyword) of
# the destination argument, and what the call returns ("pair": (path, headers), "path", "none").
FILE_FETCHERS: dict[str, tuple[int, str, str]] = {
    "urllib.request.urlretrieve": (1, "filename", "pair"),
    "torch.hub.download_url_to_file": (1, "dst", "none"),
    "wget.download": (1, "out", "path"),
    "gdown.download": (1, "output", "path"),
}
# keras' `get_file(fname, origin, ...)`: the URL is `origin`, the file is named `fname`. It
# writes into keras' cache (no channel), so the call is left as written: the job downloads it.
GET_FILE = frozenset({"keras.utils.get_file", "tensorflow.keras.utils.get_file"})


def find_downloads(module: ParsedModule) -> list[DatasetDownload]:
    found: list[DatasetDownload] = []
    resolver: PathResolver | None = None
    aliases = module_aliases(module)
    for call in module.calls():
        if isinstance(call.func, ast.Attribute) and call.func.attr == "from_pretrained":
            resolver = resolver or PathResolver(module)
            hub_model = _hub_model(resolver, module, call)
            if hub_model is not None:
                found.append(hub_model)
            continue
        name = module.qualified(call.func)
        if name is None:
            continue
        name = through_alias(name, aliases)  # `mnist = tf.keras.datasets.mnist`
        if name in URL_READERS:
            resolver = resolver or PathResolver(module)
            found.extend(url_reads(resolver, module, call, name))
            continue
        if name in URL_FETCHERS:
            resolver = resolver or PathResolver(module)
            fetch = _url_fetch(resolver, module, call, name)
            if fetch is not None:
                found.append(fetch)
            continue
        dataset = _dataset(module, call, name)
        if dataset is not None:
            hub = "dataset" if name in HF_DATASET_LOADERS and string_value(
                argument(call, 0, "path")) == dataset else ""
            found.append(DatasetDownload(name, dataset, module.path, call.lineno, hub=hub))
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
    if name.startswith(("lightning.", "pytorch_lightning.")):
        return lightning_demo_dataset(call, name)
    if name in HF_DATASET_LOADERS:
        source = argument(call, 0, "path") or argument(call, 0, "name")
        if source is None:
            return None
        dataset = string_value(source) or module.segment(source)
        return None if dataset in LOCAL_FILE_BUILDERS else dataset
    return None


def _url_fetch(
    resolver: PathResolver, module: ParsedModule, call: ast.Call, name: str
) -> DatasetDownload | None:
    """`urlretrieve(DATA_URL, path)`: the URL's file, and the URL when a literal holds it whole
    (followed through names; `url_line` stays 0: the literal is not rewritten, the download is
    skipped in SageMaker when the file is staged, transform/url_downloads.py)."""
    source = argument(call, 1, "origin") if name in GET_FILE else argument(call, 0, "url")
    if source is None:
        return None
    literal = resolver.literal(source)
    text = literal.value if literal is not None and isinstance(literal.value, str) else None
    if text is None or not text.startswith(URL_SCHEMES):
        shown = _get_file_name(resolver, call, name) or module.segment(source)
        return DatasetDownload(name, shown, module.path, call.lineno)
    file_name = (
        _destination_name(resolver, call, name)
        or _get_file_name(resolver, call, name)
        or text.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        or text
    )
    is_whole = literal is source or whole(resolver, source)
    written = (
        name in FILE_FETCHERS
        or name in GET_FILE
        or name == "requests.get" and bool(_written_name(resolver, call))
    )
    url = text if is_whole and written else ""
    return DatasetDownload(name, file_name, module.path, call.lineno, url)


def _get_file_name(resolver: PathResolver, call: ast.Call, name: str) -> str:
    """get_file's `fname` (its last part: keras writes `<cache>/datasets/<fname>`)."""
    return _last_part(resolver, argument(call, 0, "fname")) if name in GET_FILE else ""


def _destination_name(resolver: PathResolver, call: ast.Call, name: str) -> str:
    """The file name the fetch writes (`urlretrieve(URL, os.path.join(DIR, "train.csv"))` ->
    train.csv: the name the script reads and the user uploads), when its last part is literal."""
    if name not in FILE_FETCHERS:
        return _written_name(resolver, call) if name == "requests.get" else ""
    position, keyword_name, _ = FILE_FETCHERS[name]
    return _last_part(resolver, argument(call, position, keyword_name))


def _last_part(resolver: PathResolver, node: ast.expr | None) -> str:
    for _ in range(8):  # names bound once, to the path's expression
        if not isinstance(node, ast.Name) or len(resolver.assigned.get(node.id, [])) != 1:
            break
        node = resolver.assigned[node.id][0]
    if isinstance(node, ast.Call) and node.args:  # os.path.join(DIR, "x.csv"), Path(...)
        node = node.args[-1]
    elif isinstance(node, ast.BinOp):  # DIR + "/x.csv", Path(DIR) / "x.csv"
        node = node.right
    elif isinstance(node, ast.JoinedStr) and node.values:  # f"{DIR}/x.csv"
        node = node.values[-1]
    text = node.value if isinstance(node, ast.Constant) else None
    if not isinstance(text, str):
        return ""
    return text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _response_name(tree: ast.AST, call: ast.Call) -> str | None:
    """`response = requests.get(...)` -> "response"."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.value is call and len(node.targets) == 1:
            target = node.targets[0]
            return target.id if isinstance(target, ast.Name) else None
    return None


def _writes_content(node: ast.AST, response: str | None, call: ast.Call) -> bool:
    """`f.write(response.content)` / `f.write(requests.get(...).content)` / a loop over
    `response.iter_content(...)` inside `node`."""
    for inner in ast.walk(node):
        if not isinstance(inner, ast.Attribute) or inner.attr not in ("content", "iter_content"):
            continue
        if inner.value is call or (
            isinstance(inner.value, ast.Name) and response is not None and inner.value.id == response
        ):
            return True
    return False


def _written_name(resolver: PathResolver, call: ast.Call) -> str:
    """The file a `requests.get` response's bytes are written to: `with open(P, "wb") as f:`
    whose body writes the response's content -> P's last part; "" when there is none."""
    tree = resolver.module.tree
    response = _response_name(tree, call)
    for node in ast.walk(tree):
        if not isinstance(node, ast.With) or not _writes_content(node, response, call):
            continue
        for item in node.items:
            opened = item.context_expr
            if not (isinstance(opened, ast.Call) and isinstance(opened.func, ast.Name)
                    and opened.func.id == "open" and len(opened.args) >= 1):
                continue
            mode = string_value(argument(opened, 1, "mode")) or ""
            if "w" in mode and "b" in mode:
                return _last_part(resolver, opened.args[0])
    return ""


def _hub_model(
    resolver: PathResolver, module: ParsedModule, call: ast.Call
) -> DatasetDownload | None:
    """`X.from_pretrained("bert-base-uncased")` (or an option defaulting to it): a Hub id,
    fetched at run time. A local folder is data (analyze/huggingface.py), not a download."""
    literal = resolver.literal(argument(call, 0, "pretrained_model_name_or_path"))
    if literal is None or not isinstance(literal.value, str) or is_local(literal.value):
        return None
    hub_id = literal.value
    if "://" in hub_id or not all(part for part in hub_id.split("/")):
        return None
    name = module.qualified(call.func) or module.segment(call.func)
    return DatasetDownload(name, hub_id, module.path, call.lineno, hub="model")
