"""Settings given on a command line other than argparse (issue 11): `click` options, which
become hyperparameters, and positional `sys.argv` values, which SageMaker can't pass and are
named to the user."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from sagebridge.analyze.constants import literal_of, single_assignment, type_of
from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.secrets import is_secret_setting
from sagebridge.analyze.source import ParsedModule, argv_index, keyword, string_value
from sagebridge.model import ArgumentParser, Hyperparameter, HyperparameterOrigin


@dataclass(frozen=True)
class ArgparseFindings:
    hyperparameters: tuple[Hyperparameter, ...]
    parsers: tuple[ArgumentParser, ...]
    warnings: tuple[str, ...]


CLICK_TYPES = {"float": "float", "int": "int", "str": "str", "click.FLOAT": "float",
               "click.INT": "int", "click.STRING": "str"}


def path_or_secret(name: str, default: object) -> bool:
    """A string default that is a path (paths.py: a channel or the model dir) or a credential
    (secrets.py): not a setting to offer as a hyperparameter, whatever style declared it."""
    return isinstance(default, str) and (is_path_like(default) or is_secret_setting(name, default))


def find_click_options(module: ParsedModule) -> ArgparseFindings:
    """`@click.option("--learning-rate", type=float, default=0.1)` -> learning_rate, flag
    `--learning-rate` (click reads `--learning-rate 0.1`, the form SageMaker passes). Not offered:
    boolean flags (`--x/--no-x`, `is_flag=True`: they take no value), options without a literal
    default (None included) and paths (`type=click.Path(...)`/`click.File`, path-like defaults);
    `click.argument`s are named in a warning."""
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for call in module.calls():
        kind = module.qualified(call.func)
        if kind == "click.argument":
            warnings.append(
                f"{module.path}:{call.lineno}: click argument {string_value(argument_of(call))!r} "
                "is positional and cannot be set as a SageMaker hyperparameter (they arrive as "
                "--name value); make it an option to tune it"
            )
            continue
        if kind != "click.option":
            continue
        names = [n for n in (string_value(arg) for arg in call.args) if n is not None]
        options = [n for n in names if n.startswith("-")]
        if not options:
            continue
        flag = next((o for o in options if o.startswith("--")), options[0])
        if "/" in flag or literal_of(keyword(call, "is_flag")) is True:
            warnings.append(
                f"{module.path}:{call.lineno}: click flag {flag.split('/')[0]} takes no value, "
                "so SageMaker's `--name value` can't set it; it keeps its default"
            )
            continue
        declared = [n for n in names if not n.startswith("-")]
        name = declared[0] if declared else flag.lstrip("-").replace("-", "_").lower()
        default = literal_of(keyword(call, "default"))
        type_node = keyword(call, "type")
        type_name = module.segment(type_node) if type_node is not None else None
        if not name.isidentifier() or default is None or isinstance(default, bool):
            continue
        if type_name is not None and type_name.startswith(("click.Path", "click.File")):
            continue  # a path, not a setting
        if path_or_secret(flag, default):
            continue
        found.append(
            Hyperparameter(
                name=name,
                default=default,
                type=CLICK_TYPES.get(type_name or "", type_of(default)),
                origin=HyperparameterOrigin.CLICK,
                file=module.path,
                line=call.lineno,
                flag=flag,
            )
        )
    return ArgparseFindings(tuple(found), (), tuple(warnings))


def argument_of(call: ast.Call) -> ast.expr | None:
    return call.args[0] if call.args else None


def find_positional_argv(module: ParsedModule) -> tuple[str, ...]:
    """`alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5`: a setting SageMaker can't
    pass (it passes `--name value`), named to the user in one line with how to change it."""
    warnings: list[str] = []
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.stmt):
            continue
        target, value = single_assignment(node)
        if target is None or value is None:
            continue
        index = argv_index(module, value)
        if index is None:
            continue
        default = literal_of(value.orelse) if isinstance(value, ast.IfExp) else None
        shown = f" (default {default!r})" if default is not None else ""
        warnings.append(
            f"{module.path}:{node.lineno}: {target} is read from sys.argv[{index}]{shown}; "
            "SageMaker passes hyperparameters as --name value, so the pipeline has no parameter "
            f"for it: change the default in code/{module.path}, or read it with argparse "
            f"(`--{target}`) to make it one"
        )
    return tuple(warnings)
