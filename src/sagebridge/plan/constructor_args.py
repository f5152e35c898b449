"""The arguments evaluate.py and inference.py rebuild the user's model with.

Before (the user's train.py)                       After (ModelPlan.constructor_args)
    parser.add_argument("--hidden", default=128)       hyperparameters.get('hidden', 128),
    model = Net(args.hidden, heads=(args.k, args.k))   heads=(4, 4)  (needs review: fixed)
    model = Net(compute_width(data))                   (left out: depends on runtime state)

A setting passed as it is is read from what the training job recorded beside the model
(`sagebridge_hyperparameters.json`, written by the runtime when the model is saved), so a model
trained with `-p hidden=32` is rebuilt 32 wide.
"""

from __future__ import annotations

import ast

from sagebridge import contract
from sagebridge.analyze.index import SourceIndex, Unresolved
from sagebridge.model import HyperparameterOrigin, ModelClass
from sagebridge.plan.fidelity import Informational, NoteStep, Review, Unfaithful

# How every note about a constructor argument of the rebuilt model begins; each is typed with
# the argument it concerns (fidelity.py's `argument=`): a model loaded from a checkpoint that
# saved its own arguments (Lightning's load_from_checkpoint) needs none of them.
CONSTRUCTOR_NOTE = "constructor argument `"
# The name evaluate.py and inference.py give the settings read from the training job's
# hyperparameter file, where they rebuild the model.
TRAINED_WITH = "hyperparameters"
# How the runtime finds a setting's value when the model is saved (templates/runtime/).
_LOOKUP = {HyperparameterOrigin.ARGPARSE: "namespace"}


def constructor_args_of(
    index: SourceIndex,
    model_class: ModelClass,
    call: ast.Call,
) -> tuple[str, set[str], list[str], tuple[tuple[str, str], ...]]:
    """The call's arguments as source, and the settings they read.

    A setting passed as it is (`args.hidden`, a module constant made a hyperparameter, a click
    option) is read from the file the training job wrote beside the model, with its default
    when the file is not there: `hyperparameters.get("hidden", 128)`. Another expression that
    resolves to a literal through settings is fixed to it (needs review); one that depends on
    other runtime state can't be rebuilt (Unfaithful)."""
    module = index.modules[model_class.file]
    caller = index.modules[next(f for f, m in index.modules.items() if _holds(m.tree, call))]
    rendered: list[str] = []
    roots: set[str] = set()
    notes: list[str] = []
    settings: dict[str, str] = {}
    arguments: list[tuple[str | None, ast.expr]] = [(None, a) for a in call.args]
    arguments += [(k.arg, k.value) for k in call.keywords]
    for name, value in arguments:
        text = caller.segment(value)
        setting = _setting(index, caller.file, value)
        module_level = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        if setting is not None:
            hyperparameter = index.hyperparameters[setting]
            settings[setting] = _LOOKUP.get(hyperparameter.origin, "variable")
            text = f"{TRAINED_WITH}.get({setting!r}, {hyperparameter.default!r})"
            notes.append(Informational(
                f"{CONSTRUCTOR_NOTE}{caller.segment(value)}` of {model_class.name} is the "
                f"setting `{setting}` the training job ran with "
                f"({contract.TRAINED_HYPERPARAMETERS_FILE} beside the model)",
                argument=caller.segment(value),
            ))  # fmt: skip
        elif (
            module_level <= set(module.bindings)
            and caller is module
            and not module_level & set(index.hyperparameters)
        ):
            roots |= module_level  # constants defined next to the class: carry them over
        else:
            try:
                literal = index.resolve(caller.file, value)
            except Unresolved:
                notes.append(Unfaithful(
                    f"{CONSTRUCTOR_NOTE}{text}` of {model_class.name} depends on "
                    "runtime state", NoteStep.MODEL, argument=text,
                ))  # fmt: skip
            else:
                notes.append(Review(
                    f"{CONSTRUCTOR_NOTE}{text}` of {model_class.name} is fixed "
                    f"to its default {literal!r} where the generated code rebuilds the model: train "
                    "with that value, or edit it there to the one you train with",
                    argument=text,
                ))  # fmt: skip
                text = repr(literal)
        rendered.append(f"{name}={text}" if name else text)
    return ", ".join(rendered), roots, notes, tuple(sorted(settings.items()))


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


def _holds(tree: ast.Module, node: ast.AST) -> bool:
    return any(child is node for child in ast.walk(tree))
