"""Settings of a Python Fire command (`fire.Fire(train)`), which become hyperparameters.

    def train(epochs=10, lr=0.001, shuffle=True): ...      -> epochs, lr, shuffle: fire, --epochs
    fire.Fire(train)

Fire reads `--epochs 10`, the form SageMaker passes (booleans too: `--shuffle False`), and
converts each value as a Python literal, so the migrated script needs no change. Only a module
function given to `fire.Fire` counts: a class (`fire.Fire(Trainer)`) or `fire.Fire()` expose
commands named on the command line, which SageMaker's `--name value` can't name (a warning says
so). Not offered: parameters without a literal default (None included), path-like defaults
(paths.py's) and credentials.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.command_line import ArgparseFindings, path_or_secret
from sagebridge.analyze.constants import literal_of, type_of
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Hyperparameter, HyperparameterOrigin

FIRE = "fire.Fire"


def find_fire_settings(module: ParsedModule) -> ArgparseFindings:
    functions = {
        node.name: node
        for node in module.tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for call in module.calls():
        if module.qualified(call.func) != FIRE:
            continue
        where = f"{module.path}:{call.lineno}"
        target = call.args[0] if call.args else None
        command = functions.get(target.id) if isinstance(target, ast.Name) else None
        if not isinstance(command, (ast.FunctionDef, ast.AsyncFunctionDef)):
            warnings.append(
                f"{where}: fire.Fire({module.segment(target) if target else ''}) exposes "
                "commands named on the command line, which SageMaker's `--name value` "
                "hyperparameters can't name; fire a single training function to make its "
                "parameters hyperparameters"
            )
            continue
        for name, default_node in _defaults(command.args):
            default = literal_of(default_node)
            if default is None:
                warnings.append(
                    f"{where}: {command.name}({name}=...) has no literal default; the pipeline "
                    "passes nothing for it, so the function keeps its default"
                )
                continue
            if path_or_secret(name, default):
                continue  # a path (paths.py) or a credential (secrets.py), not a setting
            found.append(
                Hyperparameter(
                    name=name,
                    default=default,
                    type=type_of(default),
                    origin=HyperparameterOrigin.FIRE,
                    file=module.path,
                    line=default_node.lineno,
                    flag=f"--{name}",
                )
            )
    return ArgparseFindings(tuple(found), (), tuple(warnings))


def _defaults(arguments: ast.arguments) -> list[tuple[str, ast.expr]]:
    """(parameter, default) of every parameter with a default, in order."""
    positional = arguments.posonlyargs + arguments.args
    paired = list(zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults))
    paired += [
        (arg, default)
        for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults)
        if default is not None
    ]
    return [(arg.arg, default) for arg, default in paired if arg.arg != "self"]
