"""The execution's parameters against the ones the pipeline definition declares.

A TrainingInstanceType of the other family than the build's (a GPU one for a CPU build, whose
image has no CUDA, or the reverse) is refused too: the image is fixed when the definition is
built (`--gpu`). SageMaker refuses an execution that leaves a parameter without a default unset, or gives an
Integer/Float parameter a value that is not one; `execute` (and its `--dry-run`) refuses them
first, with one line naming the parameter:

    check_parameters(definition, {"epochs": "2"}, source)
    # UserError: pipeline/pipeline.py: parameter QualityThreshold has no default: pass
    #            -p QualityThreshold=VALUE (a Float)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sagebridge.contract import instance_family_mismatch
from sagebridge.errors import UserError

_PARSERS = {"Integer": int, "Float": float}
_BOOLEANS = frozenset({"true", "false"})


def check_parameters(
    definition: Mapping[str, Any], parameters: Mapping[str, str], source: Path
) -> None:
    """UserError naming the first unknown, missing or mistyped parameter; None when all fit."""
    declared = {str(p.get("Name")): p for p in definition.get("Parameters") or []}
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise UserError(
            f"{source}: no parameter {', '.join(unknown)}; "
            f"the pipeline declares {', '.join(declared) or 'none'}"
        )
    mismatch = instance_family_mismatch(list(declared.values()), dict(parameters))
    if mismatch is not None:
        raise UserError(f"{source}: {mismatch}")
    for name, parameter in declared.items():
        kind = str(parameter.get("Type", "String"))
        if name not in parameters:
            if "DefaultValue" not in parameter:
                raise UserError(
                    f"{source}: parameter {name} has no default: "
                    f"pass -p {name}=VALUE (a {kind})"
                )
            continue
        value = parameters[name]
        if kind == "Boolean" and value.lower() not in _BOOLEANS:
            raise UserError(f"{source}: parameter {name} is a Boolean: -p {name}={value!r} "
                            "is neither true nor false")
        parser = _PARSERS.get(kind)
        if parser is None:
            continue
        try:
            parser(value)
        except ValueError:
            raise UserError(
                f"{source}: parameter {name} is an {kind}: -p {name}={value!r} is not one"
            ) from None
