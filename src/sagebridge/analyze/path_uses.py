"""The literals that saves and writes resolve to, classified by that use (saves win).

    torch.save(m, os.path.join(args.model_dir, "f.pt"))       "models" (its default) -> model
    pd.read_csv(os.path.join(args.data_dir, "train.csv"))     "data" (its default) -> data
    save_image(x, "results/sample_" + str(epoch) + ".png")    "results/sample_" -> output, prefix
    open("%s/log.txt" % opt.outf, "w")                        opt.outf's default -> output

paths.py lays these over what the names alone suggested.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Sequence

from sagebridge.analyze.dataset_roots import dataset_root_literals
from sagebridge.analyze.download_folders import calls_beside_a_download
from sagebridge.analyze.huggingface import (
    checkpoint_literals,
    names_a_hub_id,
    pretrained_literals,
)
from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, call_name, keyword, last_name, string_value
from sagebridge.model import HardCodedPath, ModelSave, PathRole

# Calls that write a file, and the position of its path (the consumer decides the role).
WRITING_CALLS = {
    "to_csv": 0,
    "to_parquet": 0,
    "to_json": 0,
    "savefig": 0,
    "imwrite": 0,
    "savetxt": 0,
    "savez": 0,
    "savez_compressed": 0,
    "numpy.save": 0,
    "save_image": 1,
}
# Calls that read a data file or folder by their first argument: what it resolves to is data.
READING_CALLS = frozenset(
    {
        "read_csv",
        "read_parquet",
        "read_table",
        "read_excel",
        "read_feather",
        "read_json",
        "loadtxt",
        "genfromtxt",
        "load_svmlight_file",
    }
)

# Calls that read a file (the first argument), for paths built on the script's folder.
ANCHORED_READ_CALLS = frozenset(
    {"read_csv", "read_parquet", "read_table", "read_json", "loadtxt", "genfromtxt", "DMatrix"}
    | {"load_svmlight_file", "Dataset", "load", "memmap"}
)


EXISTENCE_CHECKS = frozenset({"isfile", "isdir", "exists"})  # os.path's


def used_literals(
    module: ParsedModule,
    saves: Iterable[ModelSave],
    role_of: Callable[[str, Sequence[str | None], str | None], PathRole],
) -> dict[tuple[int, int], HardCodedPath]:
    """Classify the literals that saves, writes and reads resolve to by that use (saves win,
    then writes)."""
    saves = [s for s in saves if s.file == module.path]
    resolver = PathResolver(module)
    found: dict[tuple[int, int], HardCodedPath] = {}
    literals: dict[tuple[int, int], ast.Constant] = {}
    prefixes: set[int] = set()
    variables: dict[int, str] = {}
    for node in module.nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literals[(node.lineno, node.col_offset)] = node
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            prefixes.add(id(node.left))
        elif isinstance(node, ast.JoinedStr) and node.values:
            prefixes.add(id(node.values[0]))
    for statement in module.tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                variables[id(statement.value)] = target.id
    used: dict[int, PathRole] = {}
    for found_literal in pretrained_literals(module, resolver):
        used[id(found_literal)] = PathRole.DATA  # a local model folder is read like data
    for found_literal in checkpoint_literals(module, resolver):
        used[id(found_literal)] = PathRole.CHECKPOINT
    for found_literal in dataset_root_literals(module, resolver):
        used.setdefault(id(found_literal), PathRole.DATA)  # `datasets.MNIST(root="data")`
    downloading = calls_beside_a_download(module)
    for call in module.calls():
        position = _written_argument(module, call)
        if position is not None and len(call.args) > position:
            literal = resolver.literal(call.args[position])
            if literal is not None:  # a download's own write fills a data folder
                used[id(literal)] = PathRole.DATA if id(call) in downloading else PathRole.OUTPUT
    for call in module.calls():
        if last_name(call) in READING_CALLS and call.args:
            literal = resolver.literal(call.args[0])
            if literal is not None:
                used.setdefault(id(literal), PathRole.DATA)
    # `pd.read_csv(str(HERE.parents[1] / "regression" / "x.train"))`: read below the
    # script's folder -> its first part there is input data, whatever its name says.
    data_heads: set[str] = set()
    for call in module.calls():
        short = last_name(call)
        if short in ANCHORED_READ_CALLS and call.args:
            if names_a_hub_id(module, call, resolver):  # evaluate.load("accuracy")
                continue
            literal = resolver.after_file_anchor(call.args[0])
            # (a read call above may have marked it data already: it still names a data folder)
            if (
                literal is not None
                and used.get(id(literal), PathRole.DATA) is PathRole.DATA
                and _usable(str(literal.value))
            ):
                used[id(literal)] = PathRole.DATA
                data_heads.add(str(literal.value).strip("./").split("/")[0])
            elif literal is None:  # `np.memmap(os.path.join(data_dir, "train.bin"))`
                read = resolver.literal(call.args[0])
                text = str(read.value) if read is not None else ""
                fresh = read is not None and id(read) not in used and _usable(text)
                if fresh and role_of(text, [], short) is PathRole.DATA:
                    used[id(read)] = PathRole.DATA
    # ...and so is any other file under that folder (`dump_model(f, join(D, "data/fmap.txt"))`).
    for call in module.calls():
        for argument in [*call.args, *(item.value for item in call.keywords)]:
            literal = resolver.after_file_anchor(argument)
            head = str(literal.value).strip("./").split("/")[0] if literal is not None else ""
            if literal is not None and id(literal) not in used and head in data_heads:
                used[id(literal)] = PathRole.DATA
    for save in saves:
        if save.path_line is not None and save.path_column is not None:
            literal = literals.get((save.path_line, save.path_column))
            if literal is not None:
                used[id(literal)] = PathRole.MODEL
    # role_of (paths.py's, by names then value) judges paths built on the script's folder.
    for literal, names in _file_anchored(module, resolver):
        value = literal.value
        if id(literal) not in used and isinstance(value, str) and _usable(value):
            judged = role_of(value, names, None)
            if judged is not PathRole.UNKNOWN:
                used[id(literal)] = judged
    # The data folder named again where the script only checks it is there (pytorch/examples
    # gat: `path = './cora'; if os.path.isfile(os.path.join(path, 'cora.content'))`, else it
    # downloads): the same data, so the check looks in the channel too.
    data_values = {lit.value for lit in literals.values() if used.get(id(lit)) is PathRole.DATA}
    for call in module.calls():
        if last_name(call) in EXISTENCE_CHECKS and call.args:
            checked = resolver.literal(call.args[0])
            if checked is not None and id(checked) not in used and checked.value in data_values:
                used[id(checked)] = PathRole.DATA
    for literal in literals.values():
        role = used.get(id(literal))
        value = literal.value
        if role is None or not isinstance(value, str) or not _usable(value):
            continue
        found[(literal.lineno, literal.col_offset)] = HardCodedPath(
            value,
            role,
            module.path,
            literal.lineno,
            variables.get(id(literal)),
            id(literal) in prefixes,
        )
    return found


def _file_anchored(
    module: ParsedModule, resolver: PathResolver
) -> list[tuple[ast.Constant, list[str | None]]]:
    """Paths built on the script's own folder (`HERE / "data" / "x.csv"`), with the names
    they are bound to (a variable, a dict key) to judge their role by."""
    found: list[tuple[ast.Constant, list[str | None]]] = []
    for node in module.nodes:
        pairs: list[tuple[str | None, ast.expr]] = []
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            pairs.append((target.id if isinstance(target, ast.Name) else None, node.value))
        elif isinstance(node, ast.Dict):
            pairs += [(string_value(k), v) for k, v in zip(node.keys, node.values)]
        elif isinstance(node, ast.Call) and last_name(node) == "add_argument":
            default = keyword(node, "default")
            flags = [string_value(a) or "" for a in node.args]
            dest = next((f.lstrip("-").replace("-", "_") for f in flags if f.startswith("--")), None)
            pairs += [(dest, default)] if default is not None else []
        for name, value in pairs:
            literal = resolver.after_file_anchor(value)
            if literal is not None:
                found.append((literal, [name]))
    return found


def _written_argument(module: ParsedModule, call: ast.Call) -> int | None:
    short = last_name(call)
    if short == "open":
        return 0 if _opens_for_writing(call) else None
    qualified = call_name(module, call)
    return WRITING_CALLS.get(qualified, WRITING_CALLS.get(short or "") if short != "save" else None)


# XGBoost's data URI: `xgb.DMatrix("train.txt?format=libsvm")`, `"train.csv?format=csv&label_column=0"`,
# `"train.txt#dtrain.cache"` (external memory): a file path with options after it.
XGBOOST_URI_OPTIONS = re.compile(r"(\?format=[a-z]+(&[a-z_]+=\w+)*)?(#[\w.-]+)?$")


def _usable(value: str) -> bool:
    """A literal that can stand for a folder or file: no URL, no blanks, no format fields
    (XGBoost's `?format=libsvm` options after a file name are allowed)."""
    path = XGBOOST_URI_OPTIONS.sub("", value, count=1)
    return (
        0 < len(path) <= 260
        and "://" not in path
        and not any(char.isspace() or char in "{}%<>|\"'\\?;,#&=" for char in path)
    )


def _opens_for_writing(call: ast.Call) -> bool:
    mode = string_value(call.args[1]) if len(call.args) > 1 else None
    for item in call.keywords:
        if item.arg == "mode":
            mode = string_value(item.value)
    return mode is not None and any(flag in mode for flag in "wax")
