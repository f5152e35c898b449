"""Facts of the model's standalone source (the class and what it needs, as
`SourceIndex.standalone_source` carries it over): the module settings it reads, whether its
`__init__` can take them, and what `forward` and a LightningModule need.

    HIDDEN = 128                                 module setting HIDDEN (default 128), read
    class Net(nn.Module):                        only in __init__, which takes keywords:
        def __init__(self):                  ->  definition_with_settings has
            self.fc = nn.Linear(9216, HIDDEN)        `def __init__(self, HIDDEN=HIDDEN):`
"""

from __future__ import annotations

import ast
from dataclasses import replace

from sagebridge.model import Hyperparameter, HyperparameterOrigin
from sagebridge.model.model_build import ModuleSetting, TorchModelFacts

LIGHTNING_MODULE = "LightningModule"


def with_definition_facts(
    model: TorchModelFacts, hyperparameters: dict[str, Hyperparameter]
) -> TorchModelFacts:
    """`model` with the facts of its definition (unchanged when the source does not parse)."""
    try:
        tree = ast.parse(model.definition)
    except SyntaxError:
        return model
    nodes = tuple(ast.walk(tree))  # the definition's one walk
    found = next(
        (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == model.class_name), None
    )
    lightning_module, saves_hyperparameters = _lightning_facts(nodes, model.class_name)
    model = replace(
        model,
        forward_inputs=_forward_inputs(nodes, model.class_name),
        lightning_module=lightning_module,
        saves_hyperparameters=saves_hyperparameters,
    )
    settings = _carried_settings(tree, hyperparameters, model.file)
    if not settings:
        return model
    init = _init(found)
    takes = not (
        init is None
        or not init.args.args
        or init.args.vararg
        or init.args.kwarg
        or init.args.kwonlyargs
    )
    elsewhere = (
        sorted(name for name in settings if _read_outside(nodes, init, name))
        if init is not None
        else sorted(settings)
    )
    return replace(
        model,
        module_settings=tuple(ModuleSetting(n, repr(v)) for n, v in sorted(settings.items())),
        init_takes_keywords=takes,
        read_elsewhere=tuple(elsewhere),
        definition_with_settings=(
            _with_parameters(model.definition, init, sorted(settings))
            if takes and init is not None
            else ""
        ),
    )


def _carried_settings(
    tree: ast.Module, hyperparameters: dict[str, Hyperparameter], file: str
) -> dict[str, object]:
    """Module constants of `file` made hyperparameters that the definition assigns: name ->
    the script's default."""
    constants = {
        name: h.default
        for name, h in hyperparameters.items()
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


def _read_outside(nodes: tuple[ast.AST, ...], init: ast.FunctionDef, name: str) -> bool:
    """True when `name` is read anywhere but in `init`'s body, or bound or declared there."""
    inside = {id(n) for stmt in init.body for n in ast.walk(stmt)}
    for node in nodes:
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


def _forward_inputs(nodes: tuple[ast.AST, ...], class_name: str) -> int:
    """How many inputs the class's `forward` requires (1 when unknown)."""
    for node in nodes:
        if not (isinstance(node, ast.ClassDef) and node.name == class_name):
            continue
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and item.name == "forward":
                positional = item.args.posonlyargs + item.args.args
                return max(1, len(positional) - 1 - len(item.args.defaults))
    return 1


def _lightning_facts(nodes: tuple[ast.AST, ...], class_name: str) -> tuple[bool, bool]:
    """Whether the class subclasses a LightningModule, and calls `save_hyperparameters`."""
    for node in nodes:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            bases = [ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases]
            if LIGHTNING_MODULE not in bases:
                break
            saves = any(
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == "save_hyperparameters"
                for n in ast.walk(node)
            )
            return True, saves
    return False, False
