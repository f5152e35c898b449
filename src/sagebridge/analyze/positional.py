"""Settings and paths a script reads by position from sys.argv (`python train.py 0.5 0.5`,
`python train.py data/features model.pkl`), which SageMaker can't pass as it is: it passes
`--name value` pairs. Each becomes a named slot the migrated script turns back into its
position (see plan/positional.py):

    alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5   -> slot 1 `alpha`, float, 0.5
    input = sys.argv[1]                                        -> slot 1 `input`, no default;
    pd.read_csv(os.path.join(input, "train.csv"))                 read by a data reader: data
    with open(output, "wb") as fd: pickle.dump(clf, fd)        -> slot 2 `output`: the model

Only the entry point's, and only when it has no argparse/click parser (which reads sys.argv
its own way). A slot with no default and no role is named to the user.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from sagebridge.analyze.path_uses import READING_CALLS
from sagebridge.analyze.source import ParsedModule, argv_index, call_name, last_name
from sagebridge.model import (
    Hyperparameter,
    HyperparameterOrigin,
    ModelSave,
    PathRole,
    PositionalArgument,
)

CONVERTERS = {"float": "float", "int": "int", "str": "str"}


def find_positional_arguments(
    module: ParsedModule, saves: Iterable[ModelSave] = ()
) -> tuple[PositionalArgument, ...]:
    if _has_parser(module):
        return ()
    found: dict[int, PositionalArgument] = {}
    saved_into = {s.path for s in saves if s.file == module.path and s.path}
    for node in module.nodes:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        index = argv_index(module, node.value)
        if index is None or index in found:
            continue
        default = _default(node.value)
        kind = _converter(module, node.value) or (
            type(default).__name__ if default is not None else "str"
        )
        role = None if default is not None else _role(module, target.id, saved_into)
        found[index] = PositionalArgument(
            module.path, node.lineno, index, target.id, default, kind, role
        )
    ordered = [found[i] for i in sorted(found)]
    # Slots are positions: only an unbroken run from 1 can be rebuilt.
    return tuple(arg for position, arg in enumerate(ordered, 1) if arg.index == position)


def argv_hyperparameters(arguments: Iterable[PositionalArgument]) -> tuple[Hyperparameter, ...]:
    """The slots with a default are settings: pipeline hyperparameters `--name value`."""
    return tuple(
        Hyperparameter(
            a.name, a.default, a.type, HyperparameterOrigin.ARGV, a.file, a.line, f"--{a.name}"
        )
        for a in arguments
        if a.default is not None
    )


def _has_parser(module: ParsedModule) -> bool:
    for node in module.nodes:
        if isinstance(node, ast.Call) and call_name(module, node) in {
            "argparse.ArgumentParser",
            "click.command",
            "click.option",
            "typer.Typer",
            "fire.Fire",
        }:
            return True
    return False


def _default(value: ast.expr) -> int | float | str | None:
    if not isinstance(value, ast.IfExp):
        return None
    try:
        literal = ast.literal_eval(value.orelse)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(literal, bool) or not isinstance(literal, (int, float, str)):
        return None
    return literal


def _converter(module: ParsedModule, value: ast.expr) -> str | None:
    body = value.body if isinstance(value, ast.IfExp) else value
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name):
        return CONVERTERS.get(body.func.id)
    return None


def _role(module: ParsedModule, name: str, saved_into: set[str]) -> PathRole | None:
    """How the script uses the value: the destination of a model save, a file it opens for
    writing, or a folder/file a data reader reads."""
    if name in saved_into:
        return PathRole.MODEL
    for node in module.nodes:
        if not isinstance(node, ast.Call):
            continue
        uses = any(isinstance(n, ast.Name) and n.id == name for a in node.args for n in ast.walk(a))
        if not uses:
            continue
        if last_name(node) in READING_CALLS:
            return PathRole.DATA
    return None
