"""Settings a SageMaker job should be able to change, from argparse options (module constants
are constants.py's, click options and positional sys.argv command_line.py's).

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

from sagebridge.analyze.argparse_positionals import positional_setting, positional_warning
from sagebridge.analyze.command_line import (
    ArgparseFindings,
    find_click_options,
    find_positional_argv,
)
from sagebridge.analyze.constants import (
    find_constants,
    find_exec_configurators,
    literal_of,
    module_literals,
    type_of,
)
from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.resolve import CWD_CALLS, FOLDER_FIRST_CALLS
from sagebridge.analyze.secrets import env_name, is_secret_setting
from sagebridge.analyze.source import ParsedModule, call_name, keyword, string_value
from sagebridge.model import ArgumentParser, Hazard, Hyperparameter, HyperparameterOrigin

# Re-exported: callers import every settings finder from here.
__all__ = [
    "ArgparseFindings",
    "find_argparse",
    "find_click_options",
    "find_constants",
    "find_exec_configurators",
    "find_positional_argv",
]

TYPE_NAMES = {"int": "int", "float": "float", "str": "str", "bool": "bool"}


# A default built by one of these is a path (paths.py reports it), not a hyperparameter.
PATH_CALLS = (FOLDER_FIRST_CALLS - {"str"}) | CWD_CALLS


def find_argparse(module: ParsedModule) -> ArgparseFindings:
    parsers = _parser_variables(module)
    groups = _group_variables(module, set(parsers))
    owners = set(parsers) | groups
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    positionals: dict[str, list[tuple[ast.Call, str]]] = {}  # owner -> its positionals in order
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
            positionals.setdefault(module.segment(func.value), []).append((call, names[0]))
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
    flags: dict[str, tuple[str, ...]] = {}
    for owner, declared in positionals.items():
        settings = [
            positional_setting(module, call, name, position)
            for position, (call, name) in enumerate(declared, 1)
        ]
        if owner in parsers and all(settings):
            found.extend(s for s in settings if s is not None)
            flags[owner] = tuple(s.flag for s in settings if s is not None and s.flag)
        else:
            warnings.extend(positional_warning(module, call, name) for call, name in declared)
    parse_lines = _parse_lines(module, set(parsers))
    records = tuple(
        ArgumentParser(
            variable=name,
            file=module.path,
            line=line,
            parse_line=parse_lines.get(name),
            positionals=flags.get(name, ()),
        )
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
    default = literal_of(default_node)
    if isinstance(default_node, ast.Name):  # default=BATCH_SIZE, a module constant
        default = module_literals(module).get(default_node.id)
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
        kind = type_of(default) if default is not None else "str"
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
