"""What each constructor argument of the user's model reads (plan/constructor_args.py decides
how the generated code passes it).

    parser.add_argument("--hidden", default=128)
    model = Net(args.hidden,              -> SETTING "hidden" (argparse, default 128)
                heads=(args.k, args.k),   -> FIXED "(4, 4)" through the settings' defaults
                depth=DEPTH,              -> CARRIED: a constant defined next to the class
                width=compute(data))      -> RUNTIME: depends on runtime state
"""

from __future__ import annotations

import ast

from sagebridge.analyze.index import SourceIndex, Unresolved
from sagebridge.model import HyperparameterOrigin, ModelClass
from sagebridge.model.model_build import ArgumentKind, ConstructorArgument


def constructor_arguments(
    index: SourceIndex, model_class: ModelClass, caller_file: str, call: ast.Call
) -> tuple[tuple[ConstructorArgument, ...], set[str]]:
    """The call's arguments, and the module constants they read that are carried over with
    the class (`index` knows the settings)."""
    module = index.modules[model_class.file]
    caller = index.modules[caller_file]
    found: list[ConstructorArgument] = []
    roots: set[str] = set()
    arguments: list[tuple[str | None, ast.expr]] = [(None, a) for a in call.args]
    arguments += [(k.arg, k.value) for k in call.keywords]
    for name, value in arguments:
        text = caller.segment(value)
        setting = _setting(index, caller.file, value)
        module_level = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        if setting is not None:
            hyperparameter = index.hyperparameters[setting]
            found.append(ConstructorArgument(
                name, text, ArgumentKind.SETTING, setting=setting,
                setting_default=repr(hyperparameter.default),
                from_argparse=hyperparameter.origin is HyperparameterOrigin.ARGPARSE,
            ))  # fmt: skip
        elif (
            module_level <= set(module.bindings)
            and caller is module
            and not module_level & set(index.hyperparameters)
        ):
            roots |= module_level  # constants defined next to the class: carry them over
            found.append(ConstructorArgument(name, text, ArgumentKind.CARRIED))
        else:
            try:
                literal = index.resolve(caller.file, value)
            except Unresolved:
                found.append(ConstructorArgument(name, text, ArgumentKind.RUNTIME))
            else:
                found.append(
                    ConstructorArgument(name, text, ArgumentKind.FIXED, literal=repr(literal))
                )
    return tuple(found), roots


def _setting(index: SourceIndex, file: str, value: ast.expr) -> str | None:
    """The setting `value` is, passed as it is (`args.hidden`, `HIDDEN`, a local alias of one
    `hidden = args.hidden`), or None (an expression over settings, runtime state)."""
    if not isinstance(value, (ast.Name, ast.Attribute)):
        return None
    if isinstance(value, ast.Name) and value.id in index.hyperparameters:
        hyperparameter = index.hyperparameters[value.id]
        function = index.enclosing_function(file, value)
        if (
            hyperparameter.origin in (HyperparameterOrigin.CLICK, HyperparameterOrigin.FIRE)
            and function is not None
            and value.id in {a.arg for a in function.args.args}
            and not any(
                isinstance(n, ast.Name) and n.id == value.id and isinstance(n.ctx, ast.Store)
                for n in ast.walk(function)
            )
        ):
            return value.id  # the command function's parameter, as click filled it
    used = set(index.hyperparameters_used)
    index.hyperparameters_used.clear()
    try:
        resolved = index.resolve(file, value)
    except Unresolved:
        return None
    finally:
        found = set(index.hyperparameters_used)
        index.hyperparameters_used |= used
    if len(found) != 1:
        return None
    (name,) = found
    default = index.hyperparameters[name].default
    if resolved != default or type(resolved) is not type(default):
        return None  # reached the setting through something that changed it
    return name
