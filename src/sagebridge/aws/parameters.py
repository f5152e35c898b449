"""The execution's parameters against the ones the pipeline definition declares.

A TrainingInstanceType of the other family than the build's (a GPU one for a CPU build, whose
image has no CUDA, or the reverse) is refused too: the image is fixed when the definition is
built (`--gpu`). SageMaker refuses an execution that leaves a parameter without a default unset, or gives an
Integer/Float parameter a value that is not one; `execute` (and its `--dry-run`) refuses them
first, with one line naming the parameter (worded as `run --local` words it,
project/parameters.py's `refusal`):

    check_parameters(definition.parameters, {"epochs": "2"}, source)
    # UserError: pipeline/pipeline.py: pipeline parameter QualityThreshold has no default:
    #            pass -p QualityThreshold=VALUE (a Float)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sagebridge.errors import UserError
from sagebridge.project.parameters import (
    ParameterProblem,
    PipelineParameter,
    canonical_names,
    refusal,
    run_values,
)


def check_parameters(
    declared: Mapping[str, PipelineParameter], parameters: Mapping[str, str], source: Path
) -> dict[str, str]:
    """UserError naming the first unknown, missing or mistyped parameter of the `declared` ones
    (a PipelineDefinition's `parameters`); when all fit, the values keyed by the declared names
    (`batch-size` given -> `batch_size`)."""
    try:
        run_values(declared, parameters)
        return canonical_names(declared, parameters)
    except ParameterProblem as problem:
        raise UserError(f"{source}: {refusal(problem)}") from None
