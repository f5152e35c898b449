"""Hard-coded local paths: the literals SageMaker's channels and model folder must replace.

    data_dir = "./data"                       -> ./data, role data, variable data_dir
    torch.save(model, "model.pt")             -> model.pt, role model
    open("./output/report.txt", "w")          -> ./output/report.txt, role output

Reported where a path-like string literal is assigned to a name, passed to a call (not to
print/logging, and not as a later part of `os.path.join`), or is a parameter's default.
The role comes from the names around it first (variable, keyword, parameter), then from the
call that receives it (a save or a write is model/output, a read is data), then from the value.

Then by use: the literal a model save's destination resolves to (resolve.py: through argparse
defaults, config dicts, constants, `os.path.join`, `+`, `%`, f-strings) is a model path, and one
a write call (`open(..., "w")`, `savefig`, `save_image`, `to_csv`, `np.save`) resolves to is an
output path, whatever its name says; `"results/sample_" + str(epoch)` marks its literal as a
prefix (the folder is `results`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import replace

from sagebridge.analyze.path_uses import used_literals
from sagebridge.analyze.source import ParsedModule, call_name, last_name, string_value
from sagebridge.model import HardCodedPath, ModelSave, PathRole

FILE_SUFFIXES = frozenset(
    {
        ".csv",
        ".tsv",
        ".json",
        ".jsonl",
        ".txt",
        ".parquet",
        ".pq",
        ".feather",
        ".npy",
        ".npz",
        ".pkl",
        ".pickle",
        ".joblib",
        ".pt",
        ".pth",
        ".ckpt",
        ".h5",
        ".hdf5",
        ".keras",
        ".onnx",
        ".safetensors",
        ".bin",
        ".model",
        ".tfrecord",
        ".tfrecords",
        ".zip",
        ".tar",
        ".gz",
        ".tgz",
        ".png",
        ".jpg",
        ".jpeg",
        ".xlsx",
        ".xls",
        ".log",
        ".db",
        ".sqlite",
        ".arrow",
        ".ubj",
        ".cbm",
        ".yaml",
        ".yml",
    }
)
DIR_WORDS = frozenset(
    {
        "data",
        "dataset",
        "datasets",
        "model",
        "models",
        "output",
        "outputs",
        "checkpoint",
        "checkpoints",
        "ckpt",
        "logs",
        "results",
        "input",
        "inputs",
        "artifacts",
        "weights",
        "runs",
        "saved_models",
        "raw",
        "processed",
    }
)
# `Path(folder).glob("*.csv")`-style methods whose pattern is relative to their receiver (a
# path found on its own); `glob.glob("data/*.csv")` takes a whole path.
RELATIVE_PATTERN_METHODS = frozenset({"glob", "rglob", "iglob", "match", "full_match"})
MODULE_GLOBS = frozenset({"glob.glob", "glob.iglob"})
PATH_NAME_WORDS = frozenset({"dir", "path", "file", "folder", "root", "filename", "fname"})
# Calls whose string arguments are messages or keys, never paths.
NOT_PATH_CALLS = frozenset(
    {
        "print",
        "format",
        "info",
        "debug",
        "warning",
        "warn",
        "error",
        "critical",
        "exception",
        "log",
        "write",
        "add_scalar",
        "add_scalars",
        "log_metric",
        "log_param",
        "startswith",
        "endswith",
        "split",
        "rsplit",
        "replace",
        "strip",
        "rstrip",
        "lstrip",
        "add_argument_group",
        "encode",
        "decode",
        "match",
        "search",
        "sub",
        "compile",
        "getLogger",
        "set_description",
    }
)
JOIN_CALLS = frozenset({"os.path.join", "posixpath.join", "pathlib.Path", "Path", "joinpath"})
READ_CALLS = frozenset(
    {
        "read_csv",
        "read_parquet",
        "read_json",
        "read_table",
        "read_excel",
        "read_feather",
        "load",
        "loadtxt",
        "genfromtxt",
        "imread",
        "ImageFolder",
        "load_from_disk",
        "listdir",
        "glob",
        "scandir",
        "walk",
        "DMatrix",
        "load_dataset",
        "load_model",
    }
)
WRITE_CALLS = frozenset(
    {"to_csv", "to_parquet", "to_json", "savefig", "makedirs", "mkdir", "imwrite"}
)

SAVE_CALLS = frozenset({"save", "dump", "save_model", "save_pretrained", "save_weights"})

_SEGMENT = re.compile(r"^[\w.\-*]+$")


def is_path_like(value: str) -> bool:
    """A string that reads as a local file or folder path (not a URL, message or key)."""
    if not 1 < len(value) <= 260 or "://" in value or value.startswith(("s3:", "gs:")):
        return False
    if any(char.isspace() or char in "{}%<>|\"'\\?;," for char in value):
        return False
    if value.startswith(("./", "../", "~/", "/")):
        return value.strip("/.~") != "" and all(_SEGMENT.match(s) for s in _segments(value))
    segments = value.rstrip("/").split("/")
    if not all(_SEGMENT.match(s) for s in segments):
        return False
    if value.endswith("/"):
        return True  # "models/": written as a folder
    if len(segments) > 1:
        return _has_file_suffix(segments[-1]) or segments[0].lower() in DIR_WORDS
    return _has_file_suffix(value)


def _segments(value: str) -> list[str]:
    return [s for s in value.split("/") if s not in {"", ".", "..", "~"}]


def _has_file_suffix(name: str) -> bool:
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:].lower() in FILE_SUFFIXES


def _words(*names: str | None) -> set[str]:
    return {w for name in names if name for w in re.split(r"[^a-z0-9]+", name.lower()) if w}


def role_of(
    value: str, names: Iterable[str | None] = (), call: str | None = None, writes: bool = False
) -> PathRole:
    name_words = _words(*names)
    if name_words & {"checkpoint", "checkpoints", "ckpt"}:
        return PathRole.CHECKPOINT
    if name_words & {"model", "models", "weights", "save"}:
        return PathRole.MODEL
    if name_words & {
        "output",
        "outputs",
        "out",
        "result",
        "results",
        "report",
        "log",
        "logs",
        "figure",
        "plot",
        "plots",
    }:
        return PathRole.OUTPUT
    if name_words & {"data", "dataset", "datasets", "train", "test", "val", "input", "csv"}:
        return PathRole.DATA
    value_words = _words(value)
    if value_words & {"checkpoint", "checkpoints", "ckpt"}:
        return PathRole.CHECKPOINT
    # `torch.load("traindata.pt")`: a file the script reads is an input, whatever its suffix
    # (only a name that says model, e.g. "pretrained_model.pt", keeps it a model path).
    if call in READ_CALLS and not writes and not value_words & {"model", "models", "weights"}:
        return PathRole.DATA
    if call in SAVE_CALLS or value_words & {
        "model",
        "models",
        "weights",
        "pth",
        "pt",
        "joblib",
        "pkl",
        "onnx",
        "safetensors",
        "h5",
        "keras",
    }:
        return PathRole.MODEL
    if (
        writes
        or call in WRITE_CALLS
        or value_words & {"output", "outputs", "results", "logs", "reports", "report"}
    ):
        return PathRole.OUTPUT
    if call in READ_CALLS or value_words & {
        "data",
        "dataset",
        "datasets",
        "csv",
        "parquet",
        "npy",
        "npz",
        "tfrecord",
        "jsonl",
        "input",
    }:
        return PathRole.DATA
    return PathRole.UNKNOWN


class _Found:
    """Paths found in one file, keyed by position so a literal is reported once."""

    def __init__(self, module: ParsedModule) -> None:
        self.module = module
        self.paths: dict[tuple[int, int], HardCodedPath] = {}

    def add(self, node: ast.expr, value: str, role: PathRole, variable: str | None = None) -> None:
        record = HardCodedPath(value, role, self.module.path, node.lineno, variable)
        self.paths.setdefault((node.lineno, node.col_offset), record)


def find_paths(module: ParsedModule, saves: Iterable[ModelSave] = ()) -> list[HardCodedPath]:
    found = _Found(module)
    module_level = {id(s) for s in module.tree.body}
    for node in module.nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            _from_assignment(node, id(node) in module_level, found)
        elif isinstance(node, ast.Call):
            _from_call(module, node, found)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            _from_defaults(node.args, found)
        elif isinstance(node, ast.Dict):
            _from_dict(node, found)
    for (line, column), record in used_literals(module, saves, role_of).items():
        before = found.paths.get((line, column))
        if before is not None and before.variable:
            record = replace(record, variable=before.variable)
        found.paths[(line, column)] = record
    return sorted(found.paths.values(), key=lambda p: (p.line, p.value))


def _from_assignment(node: ast.Assign | ast.AnnAssign, module_level: bool, found: _Found) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    value = string_value(node.value)
    if value is None or node.value is None or len(targets) != 1:
        return
    target = targets[0]
    name = target.id if isinstance(target, ast.Name) else None
    if name is None and isinstance(target, ast.Attribute):
        name = target.attr
    if name is None:
        return
    # `DATA_DIR = "data"`: a bare folder name is a path when the name says so
    named_path = bool(_words(name) & PATH_NAME_WORDS) and bool(_SEGMENT.match(value))
    if not (is_path_like(value) or (named_path and "/" not in value and len(value) > 1)):
        return
    variable = name if module_level and isinstance(target, ast.Name) else None
    found.add(node.value, value, role_of(value, [name]), variable)


def _from_dict(node: ast.Dict, found: _Found) -> None:
    """`CONFIG = {"data_path": "data/x.csv", "model_dir": "artifacts"}`: a config value that
    reads as a path, or a bare folder name under a key that says it is one."""
    for key, item in zip(node.keys, node.values):
        name = string_value(key) if key is not None else None
        value = string_value(item)
        if name is None or value is None:
            continue
        named_path = bool(_words(name) & PATH_NAME_WORDS) and bool(_SEGMENT.match(value))
        if is_path_like(value) or (named_path and "/" not in value and len(value) > 1):
            found.add(item, value, role_of(value, [name]))


def _from_call(module: ParsedModule, call: ast.Call, found: _Found) -> None:
    short = last_name(call)
    if short in NOT_PATH_CALLS:
        return
    qualified = call_name(module, call)
    if short in RELATIVE_PATTERN_METHODS and qualified not in MODULE_GLOBS:
        return  # `Path("data").glob("*.parquet")`: the pattern is inside the receiver's folder
    joins = qualified in JOIN_CALLS or short == "joinpath"
    writes = short == "open" and _opens_for_writing(call)
    # `add_argument("--data-dir", default="./data")`: the option names the path's role
    hints = [string_value(arg) for arg in call.args] if short == "add_argument" else []
    for position, arg in enumerate(call.args):
        value = string_value(arg)
        # `os.path.join("data", dataset)`: a bare folder word starting a join is a folder
        bare_folder = joins and position == 0 and value is not None and value in DIR_WORDS
        if value is None or not (is_path_like(value) or bare_folder):
            continue
        if joins and position > 0 and not value.startswith(("/", "./", "../", "~")):
            continue  # "churn.csv" in os.path.join(DATA_DIR, "churn.csv") is relative to DATA_DIR
        found.add(arg, value, role_of(value, [], short, writes))
    for item in call.keywords:
        value = string_value(item.value)
        if value is not None and is_path_like(value):
            found.add(item.value, value, role_of(value, [item.arg, *hints], short, writes))


def _opens_for_writing(call: ast.Call) -> bool:
    mode = string_value(call.args[1]) if len(call.args) > 1 else None
    for item in call.keywords:
        if item.arg == "mode":
            mode = string_value(item.value)
    return mode is not None and any(flag in mode for flag in "wax")


def _from_defaults(arguments: ast.arguments, found: _Found) -> None:
    positional = arguments.posonlyargs + arguments.args
    pairs = list(zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults))
    pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
    for parameter, default in pairs:
        value = string_value(default)
        if value is not None and is_path_like(value):
            found.add(default, value, role_of(value, [parameter.arg]))
