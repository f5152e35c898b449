"""Settings declared with absl flags (TensorFlow/Google style), which become hyperparameters.

    flags.DEFINE_integer("epochs", 10, "...")     -> epochs, 10, int, absl, flag --epochs
    flags.DEFINE_boolean("stratify", True, "...") -> stratify, True, bool
    flags.DEFINE_enum("loss", "log_loss", [...])  -> loss, "log_loss", str

absl reads `--epochs 10`, the form SageMaker passes, for every flag but a boolean, which only
takes `--stratify=False` (`--stratify False` leaves "False" as a positional argument that
`app.run`'s main refuses): the migrated script rewrites SageMaker's pairs to `--name=value`
before absl parses (transform/absl_flags.py). Not offered: flags without a literal default
(None included), lists (`DEFINE_list`, `DEFINE_multi_*`: no single value), path-like defaults
(paths.py's) and credentials.
"""

from __future__ import annotations

from sagebridge.analyze.command_line import ArgparseFindings, path_or_secret
from sagebridge.analyze.constants import literal_of, type_of
from sagebridge.analyze.source import ParsedModule, argument, string_value
from sagebridge.model import Hyperparameter, HyperparameterOrigin

ABSL_FLAGS = "absl.flags"
# DEFINE_* -> the hyperparameter type; absent: not offered (lists, multi flags).
FLAG_TYPES = {
    "DEFINE_integer": "int",
    "DEFINE_float": "float",
    "DEFINE_string": "str",
    "DEFINE_enum": "str",
    "DEFINE_bool": "bool",
    "DEFINE_boolean": "bool",
}


def find_absl_flags(module: ParsedModule) -> ArgparseFindings:
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for call in module.calls():
        qualified = module.qualified(call.func) or ""
        prefix, _, define = qualified.rpartition(".")
        if prefix != ABSL_FLAGS or not define.startswith("DEFINE"):
            continue
        name = string_value(argument(call, 0, "name"))
        if name is None or not name.isidentifier():
            continue
        kind = FLAG_TYPES.get(define)
        default_node = argument(call, 1, "default")
        default = literal_of(default_node)
        where = f"{module.path}:{call.lineno}"
        if kind is None:
            warnings.append(
                f"{where}: absl flag --{name} ({define}) holds a list, which SageMaker's "
                "single `--name value` can't pass; it keeps its default"
            )
            continue
        if default is None:
            warnings.append(
                f"{where}: absl flag --{name} has no literal default; the pipeline passes "
                "nothing for it, so the script keeps its default"
            )
            continue
        if path_or_secret(name, default):
            continue  # a path (paths.py) or a credential (secrets.py), not a setting
        if kind in {"int", "float"} and not isinstance(default, (int, float)):
            kind = type_of(default)  # DEFINE_integer("steps", "10"): absl converts it
        found.append(
            Hyperparameter(
                name=name,
                default=default,
                type=kind,
                origin=HyperparameterOrigin.ABSL,
                file=module.path,
                line=call.lineno,
                flag=f"--{name}",
            )
        )
    return ArgparseFindings(tuple(found), (), tuple(warnings))

