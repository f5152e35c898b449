"""Settings a SageMaker job should be able to change: argparse options and module constants.

    parser.add_argument("--batch-size", type=int, default=64)  -> batch_size, argparse, flag
    parser.add_argument("--balanced", action="store_true")      -> hazard store_true
    MAX_DEPTH = 6                                               -> MAX_DEPTH, constant

A module constant counts when it is a top-level literal number or boolean, assigned once and
read somewhere in the file other than as an argparse `default=` (then the option is the
setting, and its default is the constant's value); strings count only when the name says it is a setting (`optimizer`,
`objective`...). Path-like strings belong to paths.py, never here. A credential is never a
setting (`--db-password`, `--hf-token` with a token default, `METRIC_API_KEY = "..."`):
hyperparameters show in the job's description and the pipeline's definition; secrets.py
reports it masked, and the migrated script reads it from the environment instead.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.resolve import CWD_CALLS, FOLDER_FIRST_CALLS
from sagebridge.analyze.secrets import env_name, is_secret_setting
from sagebridge.analyze.source import (
    ParsedModule,
    argv_index,
    call_name,
    keyword,
    string_value,
)
from sagebridge.model import (
    ArgumentParser,
    ExecConfigurator,
    Hazard,
    Hyperparameter,
    HyperparameterOrigin,
    Literal,
)

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
TYPE_NAMES = {"int": "int", "float": "float", "str": "str", "bool": "bool"}


# A default built by one of these is a path (paths.py reports it), not a hyperparameter.
PATH_CALLS = (FOLDER_FIRST_CALLS - {"str"}) | CWD_CALLS


@dataclass(frozen=True)
class ArgparseFindings:
    hyperparameters: tuple[Hyperparameter, ...]
    parsers: tuple[ArgumentParser, ...]
    warnings: tuple[str, ...]


def find_argparse(module: ParsedModule) -> ArgparseFindings:
    parsers = _parser_variables(module)
    groups = _group_variables(module, set(parsers))
    owners = set(parsers) | groups
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for call in module.calls():
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "add_argument"):
            continue
        if module.segment(func.value) not in owners:
            continue
        options = [string_value(arg) for arg in call.args]
        if not options or any(option is None for option in options):
            continue
        names = [option for option in options if option is not None]
        if not names[0].startswith("-"):
            warnings.append(
                f"{module.path}:{call.lineno}: positional argument {names[0]!r} cannot be set "
                "as a SageMaker hyperparameter (they arrive as --name value)"
            )
            continue
        hyperparameter = _from_add_argument(module, call, names)
        if hyperparameter is None:
            continue
        if hyperparameter.type == "str" and is_secret_setting(
            hyperparameter.flag or hyperparameter.name, hyperparameter.default
        ):
            if hyperparameter.default is None:  # with a value, secrets.py reports it
                warnings.append(_credential_option_warning(module.path, hyperparameter))
            continue
        found.append(hyperparameter)
    parse_lines = _parse_lines(module, set(parsers))
    records = tuple(
        ArgumentParser(variable=name, file=module.path, line=line, parse_line=parse_lines.get(name))
        for name, line in parsers.items()
    )
    return ArgparseFindings(tuple(found), records, tuple(warnings))


def _credential_option_warning(path: str, hyperparameter: Hyperparameter) -> str:
    env = env_name(hyperparameter.name, "secret")
    return (
        f"{path}:{hyperparameter.line}: {hyperparameter.flag} is a credential, not offered as a "
        f"pipeline hyperparameter; have the script read {env} from the environment and set it "
        "on the training job from Secrets Manager or an SSM SecureString parameter"
    )


def _parser_variables(module: ParsedModule) -> dict[str, int]:
    parsers: dict[str, int] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            value = node.value
            if (
                isinstance(value, ast.Call)
                and module.qualified(value.func) == "argparse.ArgumentParser"
            ):
                parsers.setdefault(module.segment(node.targets[0]), node.lineno)
    return parsers


def _group_variables(module: ParsedModule, parsers: set[str]) -> set[str]:
    groups: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            value = node.value
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in {"add_argument_group", "add_mutually_exclusive_group"}
                and module.segment(value.func.value) in parsers
            ):
                groups.add(module.segment(node.targets[0]))
    return groups


def _parse_lines(module: ParsedModule, parsers: set[str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for call in module.calls():
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in {"parse_args", "parse_known_args"}:
            owner = module.segment(func.value)
            if owner in parsers:
                lines.setdefault(owner, call.lineno)
    return lines


def _from_add_argument(
    module: ParsedModule, call: ast.Call, options: list[str]
) -> Hyperparameter | None:
    flag = next((option for option in options if option.startswith("--")), options[0])
    dest_node = string_value(keyword(call, "dest"))
    name = dest_node or flag.lstrip("-").replace("-", "_")
    if not name.isidentifier():
        return None
    action = string_value(keyword(call, "action"))
    type_node = keyword(call, "type")
    type_name = module.segment(type_node) if type_node is not None else None
    default_node = keyword(call, "default")
    default = _literal(default_node)
    if isinstance(default_node, ast.Name):  # default=BATCH_SIZE, a module constant
        default = _module_literals(module).get(default_node.id)
    if isinstance(default, str) and is_path_like(default):
        return None  # a path with a default: paths.py reports it
    if isinstance(default_node, ast.Call) and call_name(module, default_node) in PATH_CALLS:
        return None  # default=os.path.join(os.getcwd(), "data"): a path too, not a None default
    hazard: Hazard | None = None
    if action == "store_true":
        hazard, kind = Hazard.STORE_TRUE, "bool"
        default = False if default_node is None else default
    elif action == "store_false":
        hazard, kind = Hazard.STORE_FALSE, "bool"
        default = True if default_node is None else default
    elif type_name == "bool":
        hazard, kind = Hazard.TYPE_BOOL, "bool"
    elif type_name in TYPE_NAMES:
        kind = TYPE_NAMES[type_name]
    else:
        kind = _type_of(default) if default is not None else "str"
    plain = action is None and not {"choices", "nargs", "const"} & {k.arg for k in call.keywords}
    plain = plain and (type_name is None or type_name in TYPE_NAMES)
    unset = default_node is None or (
        isinstance(default_node, ast.Constant) and default_node.value is None
    )
    if hazard is None and unset and plain and not _is_true(keyword(call, "required")):
        hazard = Hazard.NONE_DEFAULT  # SageMaker can't pass None: "" stands for it
    return Hyperparameter(
        name=name,
        default=default,
        type=kind,
        origin=HyperparameterOrigin.ARGPARSE,
        file=module.path,
        line=call.lineno,
        flag=flag,
        hazard=hazard,
        required=_is_true(keyword(call, "required")),
    )


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def find_constants(module: ParsedModule) -> list[Hyperparameter]:
    assigned: dict[str, int] = {}
    candidates: list[tuple[str, Literal, int]] = []
    configurators = find_exec_configurators(module)
    for statement in module.tree.body:
        target, value = _single_assignment(statement)
        if target is None or value is None:
            continue
        assigned[target] = assigned.get(target, 0) + 1
        literal = _literal(value)
        # An exec'd configurator overrides any str setting (`dataset = 'openwebtext'`).
        if literal is not None and _is_setting(target, literal, any_string=bool(configurators)):
            candidates.append((target, literal, statement.lineno))
    read = _names_read(module)
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
            type=_type_of(value),
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


def _single_assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
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


def _module_literals(module: ParsedModule) -> dict[str, Literal]:
    literals: dict[str, Literal] = {}
    for statement in module.tree.body:
        target, value = _single_assignment(statement)
        if target is not None and value is not None:
            literals[target] = _literal(value)
    return literals


def _literal(node: ast.expr | None) -> Literal:
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


def _type_of(value: Literal) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


# ---- click options and positional sys.argv (issue 11)

CLICK_TYPES = {"float": "float", "int": "int", "str": "str", "click.FLOAT": "float",
               "click.INT": "int", "click.STRING": "str"}


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
        if "/" in flag or _literal(keyword(call, "is_flag")) is True:
            warnings.append(
                f"{module.path}:{call.lineno}: click flag {flag.split('/')[0]} takes no value, "
                "so SageMaker's `--name value` can't set it; it keeps its default"
            )
            continue
        declared = [n for n in names if not n.startswith("-")]
        name = declared[0] if declared else flag.lstrip("-").replace("-", "_").lower()
        default = _literal(keyword(call, "default"))
        type_node = keyword(call, "type")
        type_name = module.segment(type_node) if type_node is not None else None
        if not name.isidentifier() or default is None or isinstance(default, bool):
            continue
        if type_name is not None and type_name.startswith(("click.Path", "click.File")):
            continue  # a path, not a setting
        if isinstance(default, str) and (is_path_like(default) or is_secret_setting(flag, default)):
            continue
        found.append(
            Hyperparameter(
                name=name,
                default=default,
                type=CLICK_TYPES.get(type_name or "", _type_of(default)),
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
        target, value = _single_assignment(node)
        if target is None or value is None:
            continue
        index = argv_index(module, value)
        if index is None:
            continue
        default = _literal(value.orelse) if isinstance(value, ast.IfExp) else None
        shown = f" (default {default!r})" if default is not None else ""
        warnings.append(
            f"{module.path}:{node.lineno}: {target} is read from sys.argv[{index}]{shown}; "
            "SageMaker passes hyperparameters as --name value, so the pipeline has no parameter "
            f"for it: change the default in code/{module.path}, or read it with argparse "
            f"(`--{target}`) to make it one"
        )
    return tuple(warnings)


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
