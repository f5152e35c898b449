"""Module settings the rebuilt model reads (issue 11): a class whose `__init__` reads a module
constant migrate made a pipeline parameter is rebuilt with the value the training job ran with.

    HIDDEN = 128                                 HIDDEN = 128
    class Net(nn.Module):                        class Net(nn.Module):
        def __init__(self):                ->        def __init__(self, HIDDEN=HIDDEN):
            self.fc = nn.Linear(9216, HIDDEN)            self.fc = nn.Linear(9216, HIDDEN)
    model = Net()                                Net(HIDDEN=hyperparameters.get('HIDDEN', 128))

The training job records HIDDEN beside the model (ModelPlan.hyperparameter_args, "variable"), so
a model trained with `-p HIDDEN=32` is rebuilt 32 wide. A setting the rebuilt code reads
anywhere else (a class attribute, a default, another method, a helper function; an `__init__`
taking `*args`/`**kwargs`; a LightningModule, which load_from_checkpoint rebuilds with what it
saved) can't be passed that way: the model would be rebuilt at the default, so the note leaves
evaluate.py and inference.py out with the reason.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from sagebridge.analyze.index import SourceIndex
from sagebridge.model import HyperparameterOrigin, ModelPlan
from sagebridge.plan.constructor_args import TRAINED_WITH
from sagebridge.plan.fidelity import Informational, NoteStep, Unfaithful


def with_module_settings(model: ModelPlan, index: SourceIndex, lightning: bool) -> ModelPlan:
    """`model` rebuilt with the module settings its definition reads passed to `__init__`, or
    with an Unfaithful note saying why they can't be."""
    tree = ast.parse(model.definition)
    settings = _carried_settings(tree, index, model.source_file)
    if not settings:
        return model
    found = next(
        (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == model.class_name), None
    )
    init = _init(found)
    elsewhere = sorted(
        name for name in settings if _read_outside(tree, init, name)
    ) if init is not None else sorted(settings)
    why = ""
    if lightning:
        why = "load_from_checkpoint rebuilds a LightningModule with what it saved"
    elif (
        init is None
        or not init.args.args
        or init.args.vararg
        or init.args.kwarg
        or init.args.kwonlyargs
    ):
        why = f"{model.class_name}.__init__ can't take it as a keyword argument"
    elif elsewhere:
        why = "it is read outside __init__ (a class attribute, a default, another function)"
    if why:
        return replace(model, notes=(*model.notes, *(Unfaithful(
            f"{model.class_name} reads the setting `{name}` (a pipeline parameter) at module "
            f"level: {why}, so the generated code would rebuild it at the default {value!r}",
            NoteStep.MODEL,
        ) for name, value in sorted(settings.items()))))  # fmt: skip
    assert init is not None
    names = sorted(settings)
    definition = _with_parameters(model.definition, init, names)
    passed = [f"{name}={TRAINED_WITH}.get({name!r}, {settings[name]!r})" for name in names]
    notes = [
        Informational(
            f"the setting `{name}` that {model.class_name} reads is passed to its __init__ where "
            "the generated code rebuilds the model, with the value the training job ran with",
            argument=name,
        )
        for name in names
    ]
    return replace(
        model,
        definition=definition,
        constructor_args=", ".join(a for a in (model.constructor_args, *passed) if a),
        hyperparameter_args=tuple(
            sorted({*model.hyperparameter_args, *((name, "variable") for name in names)})
        ),
        notes=(*model.notes, *notes),
    )


def _carried_settings(tree: ast.Module, index: SourceIndex, file: str) -> dict[str, object]:
    """Module constants of `file` made hyperparameters that the definition assigns: name ->
    the script's default."""
    constants = {
        name: h.default
        for name, h in index.hyperparameters.items()
        if h.origin is HyperparameterOrigin.CONSTANT and h.file == file
    }
    assigned = {
        target.id
        for stmt in tree.body
        if isinstance(stmt, (ast.Assign, ast.AnnAssign))
        for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
        if isinstance(target, ast.Name)
    }
    return {name: constants[name] for name in sorted(assigned & set(constants))}


def _init(found: ast.ClassDef | None) -> ast.FunctionDef | None:
    if found is None:
        return None
    return next(
        (n for n in found.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )


def _read_outside(tree: ast.Module, init: ast.FunctionDef, name: str) -> bool:
    """True when `name` is read anywhere but in `init`'s body, or bound or declared there."""
    inside = {id(n) for stmt in init.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        if isinstance(node.ctx, ast.Load) and id(node) not in inside:
            return True
        if not isinstance(node.ctx, ast.Load) and id(node) in inside:
            return True
    return False


def _with_parameters(definition: str, init: ast.FunctionDef, names: list[str]) -> str:
    """`def __init__(self, a):` -> `def __init__(self, a, HIDDEN=HIDDEN):` (text edit: the
    rest of the definition keeps its layout and comments)."""
    last: ast.expr | ast.arg = init.args.defaults[-1] if init.args.defaults else init.args.args[-1]
    lines = definition.splitlines(keepends=True)
    assert last.end_lineno is not None and last.end_col_offset is not None
    line = lines[last.end_lineno - 1].encode()
    added = "".join(f", {name}={name}" for name in names).encode()
    cut = last.end_col_offset
    lines[last.end_lineno - 1] = (line[:cut] + added + line[cut:]).decode()
    return "".join(lines)
