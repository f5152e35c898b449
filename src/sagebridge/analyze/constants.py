"""Module constants a SageMaker job should be able to change (`MAX_DEPTH = 6`), and the
exec'd configurators that override them (`exec(open("configurator.py").read())`).

A module constant counts when it is a top-level literal number or boolean, assigned once and
read somewhere in the file other than as an argparse `default=` (then the option is the
setting, and its default is the constant's value); strings count only when the name says it is
a setting (`optimizer`, `objective`...), or any string when a configurator can override it.
Path-like strings belong to paths.py, never here; a credential is never a setting.
"""

from __future__ import annotations

import ast
import math

from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.secrets import is_secret_setting
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import ExecConfigurator, Hyperparameter, HyperparameterOrigin, Literal

STRING_SETTING_WORDS = frozenset(
    {
        "optimizer",
        "optim",
        "activation",
        "loss",
        "criterion",
        "objective",
        "scheduler",
        "solver",
        "kernel",
        "penalty",
        "metric",
        "booster",
        "arch",
        "architecture",
        "backbone",
        "tree",
        "boosting",
        "strategy",
        "precision",
        "init",
    }
)
NON_SETTING_WORDS = frozenset({"version", "port", "column", "columns", "col", "index", "url"})


def find_constants(
    module: ParsedModule, read_elsewhere: frozenset[str] = frozenset()
) -> list[Hyperparameter]:
    """`read_elsewhere`: names another file reads from this one (config_modules.py)."""
    assigned: dict[str, int] = {}
    candidates: list[tuple[str, Literal, int]] = []
    configurators = find_exec_configurators(module)
    for statement in module.tree.body:
        target, value = single_assignment(statement)
        if target is None or value is None:
            continue
        assigned[target] = assigned.get(target, 0) + 1
        literal = literal_of(value)
        # An exec'd configurator overrides any str setting (`dataset = 'openwebtext'`).
        if literal is not None and _is_setting(target, literal, any_string=bool(configurators)):
            candidates.append((target, literal, statement.lineno))
    read = _names_read(module) | read_elsewhere
    # There, a name adjusted under a top-level `if` (`if ddp: device = f"cuda:{rank}"`) is
    # still a setting; only what the training loop rebinds (`iter_num += 1`) is loop state.
    rebound = _rebound(module, loops_only=bool(configurators))
    if configurators:  # the configurator can only override what exists when it runs
        first = min(c.line for c in configurators)
        candidates = [c for c in candidates if c[2] < first]
    return [
        Hyperparameter(
            name=name,
            default=value,
            type=type_of(value),
            origin=HyperparameterOrigin.CONSTANT,
            file=module.path,
            line=line,
        )
        for name, value, line in candidates
        if assigned[name] == 1 and name in read and name not in rebound
    ]


def _rebound(module: ParsedModule, loops_only: bool = False) -> set[str]:
    """Names module-level code binds again below the top level (`iter_num += 1` in the
    training loop, `best_val_loss = ...` under an `if`): loop state, not settings.
    `loops_only`: only bindings inside a loop count."""
    found: set[str] = set()
    pending: list[tuple[ast.AST, bool]] = []
    for statement in module.tree.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):  # the top-level binding itself
            pending += [(statement.value, False)] if statement.value is not None else []
        else:
            pending += [(child, False) for child in ast.iter_child_nodes(statement)]
            if isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
                pending = [(node, True) if node in statement.body else (node, in_loop)
                           for node, in_loop in pending]
    while pending:
        node, in_loop = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        counted = in_loop or not loops_only
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and counted:
            found.add(node.id)
        inner = in_loop or isinstance(node, (ast.For, ast.AsyncFor, ast.While))
        pending += [(child, inner) for child in ast.iter_child_nodes(node)]
    return found


def single_assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            return target.id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None


def _is_setting(name: str, value: Literal, any_string: bool = False) -> bool:
    if name.startswith("_"):
        return False
    words = set(name.lower().split("_"))
    if words & NON_SETTING_WORDS:
        return False
    if isinstance(value, str):
        return (
            (any_string or bool(words & STRING_SETTING_WORDS))
            and not is_path_like(value)
            and not is_secret_setting(name, value)
        )
    return True


def _names_read(module: ParsedModule) -> set[str]:
    """Names read anywhere, except as an argparse `default=`: such a constant is the option's."""
    defaults = {
        id(node)
        for call in module.calls()
        if isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"
        for node in [keyword(call, "default")]
        if node is not None
    }
    return {
        node.id
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and id(node) not in defaults
    }


def module_literals(module: ParsedModule) -> dict[str, Literal]:
    literals: dict[str, Literal] = {}
    for statement in module.tree.body:
        target, value = single_assignment(statement)
        if target is not None and value is not None:
            literals[target] = literal_of(value)
    return literals


def literal_of(node: ast.expr | None) -> Literal:
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # inf/nan have no JSON spelling
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


def type_of(value: Literal) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def find_exec_configurators(module: ParsedModule) -> tuple[ExecConfigurator, ...]:
    """Top-level `exec(open("configurator.py").read())`: its module constants are the settings
    and the exec'd file reads them from sys.argv as `--key=value` (or a config-file path)."""
    found: list[ExecConfigurator] = []
    for statement in module.tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        if call.func.id != "exec" or len(call.args) != 1:
            continue
        read = call.args[0]
        if not (isinstance(read, ast.Call) and isinstance(read.func, ast.Attribute)):
            continue
        opened = read.func.value
        if read.func.attr != "read" or not isinstance(opened, ast.Call):
            continue
        if not (isinstance(opened.func, ast.Name) and opened.func.id == "open" and opened.args):
            continue
        companion = string_value(opened.args[0])
        if companion is not None and companion.endswith(".py"):
            found.append(ExecConfigurator(module.path, statement.lineno, companion))
    return tuple(found)


CONFIG_FILE_SETTING = "config_file"


def configurator_config_file(module: ParsedModule) -> list[Hyperparameter]:
    """An exec'd configurator also runs the config files named on the command line
    (`python train.py config/train_small.py`): one `config_file` setting for it, "" (none) by
    default, which the migrated script puts back as the positional path."""
    configurators = find_exec_configurators(module)
    if not configurators or CONFIG_FILE_SETTING in module_literals(module):
        return []
    first = configurators[0]
    return [
        Hyperparameter(
            name=CONFIG_FILE_SETTING,
            default="",
            type="str",
            origin=HyperparameterOrigin.CONFIGURATOR,
            file=module.path,
            line=first.line,
            flag=f"--{CONFIG_FILE_SETTING}",
        )
    ]
