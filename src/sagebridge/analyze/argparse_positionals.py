"""Argparse positional arguments that are settings, which SageMaker can pass after all.

    parser.add_argument('total_epochs', type=int, help='Total epochs')   -> total_epochs, int,
                                                                            required, position 1
    parser.add_argument('save_every', type=int)                          -> position 2
    parser.add_argument('scale', type=float, nargs='?', default=0.5)     -> default 0.5

SageMaker passes every hyperparameter as `--name value`; the migrated script puts the values
passed for these flags back at their places before the parser reads them
(`sagebridge_runtime.positional_options`), so `python train.py 50 10` keeps working as
`--total_epochs 50 --save_every 10`. A required one has no default to offer: the README's value
(`python train.py 50 10`, analyze/documented.py) or `-p total_epochs=VALUE` (as for a
`required=True` option).

Only numbers, or a literal non-path default with `nargs='?'`, count: a bare string positional
is usually a path (`data`, `output_dir`) and nargs/choices/actions change what the parser reads.
When one positional of a parser can't be passed, none is (the others' places would shift) and
each is named to the user as before.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.constants import literal_of
from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import Hyperparameter, HyperparameterOrigin

NUMBER_TYPES = {"int": "int", "float": "float"}
ALLOWED_KEYWORDS = {"type", "help", "metavar", "nargs", "default"}


def positional_setting(
    module: ParsedModule, call: ast.Call, name: str, position: int
) -> Hyperparameter | None:
    """The setting one positional `add_argument(name, ...)` declares, None when the pipeline
    can't pass it (a path, a list, choices, an action)."""
    if not name.isidentifier():
        return None
    given = {k.arg for k in call.keywords}
    if None in given or not given <= ALLOWED_KEYWORDS:
        return None
    type_node = keyword(call, "type")
    type_name = module.segment(type_node) if type_node is not None else None
    nargs = keyword(call, "nargs")
    optional = nargs is not None and string_value(nargs) == "?"
    if nargs is not None and not optional:
        return None
    default = literal_of(keyword(call, "default")) if optional else None
    if isinstance(default, bool) or (isinstance(default, str) and is_path_like(default)):
        return None
    if type_name in NUMBER_TYPES:
        kind = NUMBER_TYPES[type_name]
    elif type_name in (None, "str") and isinstance(default, str):
        kind = "str"
    else:
        return None
    if optional and default is None:
        return None  # None can't be passed: the script keeps it
    return Hyperparameter(
        name=name,
        default=default,
        type=kind,
        origin=HyperparameterOrigin.ARGPARSE,
        file=module.path,
        line=call.lineno,
        flag=f"--{name}",
        required=default is None,
        position=position,
    )


def positional_warning(module: ParsedModule, call: ast.Call, name: str) -> str:
    return (
        f"{module.path}:{call.lineno}: positional argument {name!r} cannot be set as a SageMaker "
        "hyperparameter (they arrive as --name value): give it a type=int/float, or make it an "
        "option"
    )
