"""Settings read from environment variables, which become hyperparameters.

    EPOCHS = int(os.environ.get("EPOCHS", 10))   -> EPOCHS, 10, int, environment, --epochs
    lr = float(os.getenv("LR", "0.01"))          -> LR, 0.01, float
    arch = os.environ.get("ARCH", "resnet18")    -> ARCH, "resnet18", str

SageMaker passes hyperparameters as `--epochs 10`, never as environment variables: the migrated
entry script puts each value it is passed into the variable the script reads, before anything
else runs (transform/environment_settings.py), so the script's own reads, in any of its files,
see them. Not offered: reads without a default (`os.environ["EPOCHS"]`: no value to offer), a
non-string default the script does not convert (`os.environ.get("EPOCHS", 10)` is the int 10
only when unset: a passed "10" would be a string), booleans (spelt many ways), path-like
defaults (paths.py's), credentials, and the variables that belong to the platform (SageMaker's
SM_*, torchrun's RANK/WORLD_SIZE, CUDA_VISIBLE_DEVICES, HF_HOME...).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from sagebridge.analyze.command_line import ArgparseFindings, path_or_secret
from sagebridge.analyze.constants import literal_of
from sagebridge.analyze.source import ParsedModule, string_value
from sagebridge.model import Hyperparameter, HyperparameterOrigin, Literal

READS = frozenset({"os.environ.get", "os.getenv"})
CONVERSIONS = {"int": "int", "float": "float", "str": "str"}
ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# The platform's, never the script's settings.
PLATFORM = re.compile(
    r"(SM|SAGEMAKER|AWS|CUDA|NCCL|OMP|MKL|HF|TRANSFORMERS|TORCH|TF|XLA|WANDB|MLFLOW|PYTHON|"
    r"KMP|TOKENIZERS|PYTORCH|HUGGINGFACE|JAX|KERAS)_.*|RANK|LOCAL_RANK|WORLD_SIZE|"
    r"LOCAL_WORLD_SIZE|MASTER_ADDR|MASTER_PORT|NODE_RANK|GROUP_RANK|HOME|PATH|USER|TMPDIR|"
    r"HOSTNAME|DEBUG|LANG|TERM|PWD|SHELL|.*(_DIR|_PATH|_FILE|_ROOT|_URL|_URI|_HOST|_PORT)"
)


def find_environment_settings(module: ParsedModule) -> tuple[list[Hyperparameter], list[str]]:
    """The settings read from the environment in one file, first read of each name only."""
    found: dict[str, Hyperparameter] = {}
    warnings: list[str] = []
    converted = _converted_reads(module)
    for call in module.calls():
        if module.qualified(call.func) not in READS or not call.args:
            continue
        name = string_value(call.args[0])
        if name is None or not ENV_NAME.fullmatch(name) or PLATFORM.fullmatch(name):
            continue
        if name in found:
            continue
        default_node = call.args[1] if len(call.args) > 1 else None
        default = literal_of(default_node)
        if default is None or isinstance(default, bool):
            continue
        if path_or_secret(name, default):
            continue
        kind = converted.get(id(call))
        value: Literal = default
        if kind in ("int", "float"):
            try:
                value = int(default) if kind == "int" else float(default)
            except (TypeError, ValueError):
                continue  # int(os.environ.get("N", "many")): not a number, nothing to offer
        elif not isinstance(default, str):
            warnings.append(
                f"{module.path}:{call.lineno}: {name} is read from the environment with the "
                f"default {default!r} and used unconverted; a passed value would be a string, "
                f"so the pipeline offers no hyperparameter for it: wrap the read in "
                f"{type(default).__name__}(...) to make it one"
            )
            continue
        else:
            kind = "str"
        found[name] = Hyperparameter(
            name=name,
            default=value,
            type=kind,
            origin=HyperparameterOrigin.ENVIRONMENT,
            file=module.path,
            line=call.lineno,
        )
    return list(found.values()), warnings


def _converted_reads(module: ParsedModule) -> dict[int, str]:
    """id of each environment read -> the type it is converted to (`int(os.getenv(...))`)."""
    converted: dict[int, str] = {}
    for call in module.calls():
        if not (isinstance(call.func, ast.Name) and call.func.id in CONVERSIONS):
            continue
        if len(call.args) == 1 and isinstance(call.args[0], ast.Call):
            inner = call.args[0]
            if module.qualified(inner.func) in READS:
                converted[id(inner)] = CONVERSIONS[call.func.id]
    return converted


def find_environment_in(modules: Sequence[ParsedModule]) -> ArgparseFindings:
    """Every file's environment settings (entry point first), one per variable name."""
    found: dict[str, Hyperparameter] = {}
    warnings: list[str] = []
    for module in modules:
        settings, notes = find_environment_settings(module)
        warnings += notes
        for setting in settings:
            found.setdefault(setting.name, setting)
    return ArgparseFindings(tuple(found.values()), (), tuple(warnings))
