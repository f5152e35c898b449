"""Settings kept in a config file the script reads: hyperparameters with origin `config`.

    train.py:     cfg = yaml.safe_load(open("config.yaml"))
    config.yaml:  lr: 0.01            -> lr, 0.01, float, config, config.yaml:1
                  model:
                    depth: 6          -> depth, 6, int, config, config.yaml:3

A config file counts when a Python string literal names it (its path or its file name) and it
is YAML, JSON or TOML (not pyproject.toml or setup.cfg). Top-level scalars and the scalars of
top-level sections are reported; path-like values become warnings, since the transforms only
rewrite Python. Credentials (`password: ...`, a token's shape) are not settings: secrets.py
reports them masked, and no value of theirs appears here.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.secrets import is_secret_setting
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Hyperparameter, HyperparameterOrigin, Literal

CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
NOT_SETTINGS_FILES = frozenset({"pyproject.toml", "package.json", "tsconfig.json"})


def referenced_configs(modules: Sequence[ParsedModule], config_paths: Sequence[str]) -> list[str]:
    """The project's config files that some Python string literal names."""
    literals = {
        node.value.removeprefix("./")
        for module in modules
        for node in module.nodes
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 260
    }
    found = []
    for path in config_paths:
        name = path.rsplit("/", 1)[-1]
        if not name.endswith(CONFIG_SUFFIXES) or name in NOT_SETTINGS_FILES:
            continue
        if (
            path in literals
            or name in literals
            or any(lit.endswith("/" + name) for lit in literals)
        ):
            found.append(path)
    return found


def find_config_hyperparameters(path: str, text: str) -> tuple[list[Hyperparameter], list[str]]:
    try:
        entries = list(_entries(path, text))
    except ValueError as error:
        return [], [f"{path}: not read as a config file ({error})"]
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for key, value, line in entries:
        if isinstance(value, str) and is_secret_setting(key, value):
            continue
        if isinstance(value, str) and is_path_like(value):
            warnings.append(
                f"{path}:{line}: path {value!r} in a config file; point it at SageMaker by hand"
            )
        elif key.isidentifier():
            found.append(
                Hyperparameter(key, value, _type_of(value), HyperparameterOrigin.CONFIG, path, line)
            )
    return found, warnings


def _entries(path: str, text: str) -> Iterator[tuple[str, Literal, int]]:
    if path.endswith((".yaml", ".yml")):
        yield from _yaml_entries(text)
        return
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"JSON error at line {error.lineno}") from None
        yield from _scalars(data, text, lambda key: rf'"{re.escape(key)}"\s*:')
        return
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: TOML configs are not read
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(str(error).splitlines()[0]) from None
    yield from _scalars(data, text, lambda key: rf"(?m)^\s*{re.escape(key)}\s*=")


def _scalars(
    data: Any, text: str, pattern: Callable[[str], str]
) -> Iterator[tuple[str, Literal, int]]:
    if not isinstance(data, Mapping):
        return
    for key, value in _flatten(data):
        match = re.search(pattern(key), text)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        yield key, value, line


def _flatten(data: Mapping[Any, Any]) -> Iterator[tuple[str, Literal]]:
    for key, value in data.items():
        if isinstance(value, Mapping):
            for inner_key, inner in value.items():
                if _is_literal(inner):
                    yield str(inner_key), inner
        elif _is_literal(value):
            yield str(key), value


def _yaml_entries(text: str) -> Iterator[tuple[str, Literal, int]]:
    import yaml  # only when a YAML config is referenced

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(str(error).splitlines()[0]) from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, Mapping):
        return
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        lines[key_node.value] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode):
            for inner_key, _ in value_node.value:
                lines.setdefault(inner_key.value, inner_key.start_mark.line + 1)
    for key, value in _flatten(data):
        yield key, value, lines.get(key, 1)


def _is_literal(value: object) -> bool:
    return isinstance(value, (bool, int, str)) or (
        isinstance(value, float) and math.isfinite(value)
    )


def _type_of(value: Literal) -> str:
    return type(value).__name__ if isinstance(value, (bool, int, float)) else "str"
