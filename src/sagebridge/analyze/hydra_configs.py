"""Settings of a Hydra application, which become hyperparameters.

    @hydra.main(version_base="1.3", config_path="conf", config_name="config")
    def main(cfg): ... cfg.model.max_depth ...

    conf/config.yaml:  model:                       -> model_max_depth, 6, int, hydra,
                         max_depth: 6                  flag --model.max_depth, conf/config.yaml:3

Every scalar of the primary config file, however deeply nested, is one (a `defaults` list and
the `hydra` section are Hydra's own; group files are not composed here). SageMaker passes
`--model.max_depth 6`; Hydra takes overrides as `model.max_depth=6`, so the migrated script
rewrites sys.argv before the decorated function runs (transform/hydra_configs.py). Not offered:
null values, lists, path-like strings (a warning says to point them at SageMaker) and
credentials.
"""

from __future__ import annotations

import ast
import math
import posixpath
from collections.abc import Iterator, Mapping

from sagebridge.analyze.command_line import ArgparseFindings
from sagebridge.analyze.constants import type_of
from sagebridge.analyze.paths import is_path_like
from sagebridge.analyze.secrets import is_secret_setting
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import Hyperparameter, HyperparameterOrigin, Literal

HYDRA_MAIN = "hydra.main"
HYDRA_OWN = frozenset({"defaults", "hydra"})


def hydra_config_files(module: ParsedModule) -> list[tuple[int, str]]:
    """(line, config path relative to the project) of each `@hydra.main(...)` in the file."""
    found: list[tuple[int, str]] = []
    for node in module.tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call) or module.qualified(decorator.func) != HYDRA_MAIN:
                continue
            folder = string_value(keyword(decorator, "config_path")) or ""
            name = string_value(keyword(decorator, "config_name"))
            if name is None:
                continue
            name = name if name.endswith((".yaml", ".yml")) else f"{name}.yaml"
            here = posixpath.dirname(module.path)
            found.append((decorator.lineno, posixpath.normpath(posixpath.join(here, folder, name))))
    return found


def find_hydra_settings(
    module: ParsedModule, config_texts: Mapping[str, str]
) -> ArgparseFindings:
    found: list[Hyperparameter] = []
    warnings: list[str] = []
    for line, path in hydra_config_files(module):
        text = config_texts.get(path)
        if text is None:
            warnings.append(
                f"{module.path}:{line}: Hydra config {path} not found in the project; its "
                "settings are not hyperparameters"
            )
            continue
        try:
            entries = list(_entries(text))
        except ValueError as error:
            warnings.append(f"{path}: not read as a Hydra config ({error})")
            continue
        for key, value, key_line in entries:
            leaf = key.rsplit(".", 1)[-1]
            if isinstance(value, str) and is_secret_setting(leaf, value):
                continue
            if isinstance(value, str) and is_path_like(value):
                warnings.append(
                    f"{path}:{key_line}: path {value!r} ({key}) in the Hydra config; point it at "
                    "SageMaker by hand"
                )
                continue
            name = key.replace(".", "_")
            if not name.isidentifier():
                continue
            found.append(
                Hyperparameter(
                    name=name,
                    default=value,
                    type=type_of(value),
                    origin=HyperparameterOrigin.HYDRA,
                    file=path,
                    line=key_line,
                    flag=f"--{key}",
                )
            )
    return ArgparseFindings(tuple(found), (), tuple(warnings))


def _entries(text: str) -> Iterator[tuple[str, Literal, int]]:
    """(dotted key, scalar, line) of every scalar under mappings, Hydra's sections left out."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise ValueError(str(error).splitlines()[0]) from None
    if not isinstance(root, yaml.MappingNode):
        return
    pending: list[tuple[str, yaml.Node]] = [("", root)]
    while pending:
        prefix, node = pending.pop(0)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if not prefix and key in HYDRA_OWN:
                continue
            dotted = f"{prefix}{key}"
            if isinstance(value_node, yaml.MappingNode):
                pending.append((f"{dotted}.", value_node))
            elif isinstance(value_node, yaml.ScalarNode):
                value = yaml.safe_load(yaml.serialize(value_node))
                if _is_literal(value):
                    yield dotted, value, key_node.start_mark.line + 1


def _is_literal(value: object) -> bool:
    return isinstance(value, (bool, int, str)) or (
        isinstance(value, float) and math.isfinite(value)
    )
