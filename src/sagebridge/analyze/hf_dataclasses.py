"""Settings declared as dataclass fields parsed by Hugging Face's `HfArgumentParser`, which
become hyperparameters.

    @dataclass
    class ModelArguments:
        dropout: float = field(default=0.1, metadata={"help": "..."})  -> dropout, 0.1, float
        max_length: int = 64                                           -> max_length, 64, int
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()

HfArgumentParser is an argparse parser: it reads `--dropout 0.1`, the form SageMaker passes
(booleans too, `--flag False`), so the migrated script needs no change. The script's own
dataclasses count (module-level, `@dataclass`); `TrainingArguments` and other library classes
keep their library defaults. A field with no default at all is required, like argparse's
`required=True`: the pipeline passes the value the project's README runs the script with, else
`run`/`execute` need `-p NAME=VALUE`. Not offered: `default_factory` and None defaults,
path-like defaults (paths.py's) and credentials. A script that reads a
JSON file instead when given one (`parse_json_file`) gets the dataclass defaults in SageMaker,
which passes `--name value`: a warning says so.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.command_line import ArgparseFindings, path_or_secret
from sagebridge.analyze.constants import literal_of, type_of
from sagebridge.analyze.source import ParsedModule, keyword
from sagebridge.model import Hyperparameter, HyperparameterOrigin, Literal

PARSER = "HfArgumentParser"
TYPES = {"int": "int", "float": "float", "str": "str", "bool": "bool"}


def find_hf_dataclass_settings(module: ParsedModule) -> ArgparseFindings:
    classes = {
        node.name: node
        for node in module.tree.body
        if isinstance(node, ast.ClassDef) and any(_is_dataclass(module, d) for d in node.decorator_list)
    }
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for call in module.calls():
        if (module.qualified(call.func) or "").rsplit(".", 1)[-1] != PARSER or not call.args:
            continue
        first = call.args[0]
        names = first.elts if isinstance(first, (ast.Tuple, ast.List)) else [first]
        for name in names:
            node = classes.get(name.id) if isinstance(name, ast.Name) else None
            if node is None or node.name in seen:
                continue
            seen.add(node.name)
            found += _fields(module, node)
    if found and any(
        (module.qualified(c.func) or "").endswith(".parse_json_file") for c in module.calls()
    ):
        warnings.append(
            f"{module.path}: settings come from a JSON file when it is the only argument; "
            "SageMaker passes --name value, so the pipeline runs with the dataclass defaults: "
            "pass the file's values as -p NAME=VALUE"
        )
    return ArgparseFindings(tuple(found), (), tuple(warnings))


def _is_dataclass(module: ParsedModule, decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (module.qualified(target) or "") in {"dataclasses.dataclass", "dataclass"}


def _fields(module: ParsedModule, node: ast.ClassDef) -> list[Hyperparameter]:
    found: list[Hyperparameter] = []
    for statement in node.body:
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            continue
        name = statement.target.id
        if not _has_default(module, statement.value):
            found.append(_required(module, statement, name))
            continue
        default = _default(module, statement.value)
        if default is None:
            continue
        if path_or_secret(name, default):
            continue
        declared = TYPES.get(module.segment(statement.annotation))
        kind = declared or type_of(default)
        if kind in {"int", "float"} and (
            isinstance(default, bool) or not isinstance(default, (int, float))
        ):
            continue  # HfArgumentParser would convert it; not a value to offer as it is
        found.append(
            Hyperparameter(
                name=name,
                default=default,
                type=kind,
                origin=HyperparameterOrigin.DATACLASS,
                file=module.path,
                line=statement.lineno,
                flag=f"--{name}",
            )
        )
    return found


def _required(module: ParsedModule, statement: ast.AnnAssign, name: str) -> Hyperparameter:
    """A field with no default (`model_name_or_path: str = field(metadata=...)`): the parser
    requires `--name`, so the pipeline must pass it (the README's value, else `-p`)."""
    declared = TYPES.get(module.segment(statement.annotation)) or "str"
    return Hyperparameter(
        name=name,
        default=None,
        type=declared,
        origin=HyperparameterOrigin.DATACLASS,
        file=module.path,
        line=statement.lineno,
        flag=f"--{name}",
        required=True,
    )


def _has_default(module: ParsedModule, value: ast.expr | None) -> bool:
    """`x: int` and `field(metadata=...)` have none; `= None`, `field(default_factory=...)` do."""
    if value is None:
        return False
    if isinstance(value, ast.Call) and (module.qualified(value.func) or "").endswith("field"):
        return any(k.arg in {"default", "default_factory"} for k in value.keywords)
    return True


def uses_hf_argument_parser(module: ParsedModule) -> bool:
    """The module parses its command line with HfArgumentParser (its own dataclasses and
    library ones such as TrainingArguments, whose flags analysis does not see)."""
    return any(
        (module.qualified(call.func) or "").rsplit(".", 1)[-1] == PARSER for call in module.calls()
    )


def _default(module: ParsedModule, value: ast.expr | None) -> Literal:
    """`= 0.1` or `= field(default=0.1, ...)`; None for anything else."""
    if isinstance(value, ast.Call) and (module.qualified(value.func) or "").endswith("field"):
        return literal_of(keyword(value, "default"))
    return literal_of(value)
