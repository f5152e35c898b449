"""`-p` with the script's own flag spelling: `run --local -p batch-size=4` and `execute -p
--batch-size=4` set the pipeline parameter `batch_size` when that is the one parameter the
spelling names; otherwise the refusal says which names exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sagebridge.aws.parameters import check_parameters
from sagebridge.errors import UserError
from sagebridge.local.run.graph import resolve_parameters
from sagebridge.project.parameters import canonical_names, read_parameters, run_values

DEFINITION: dict[str, Any] = {
    "Parameters": [
        {"Name": "batch_size", "Type": "Integer", "DefaultValue": 64},
        {"Name": "learning_rate", "Type": "Float", "DefaultValue": 0.1},
        {"Name": "TrainingInstanceType", "Type": "String", "DefaultValue": "ml.m5.xlarge"},
    ],
}


@pytest.mark.parametrize("spelling", ["batch-size", "--batch-size", "--batch_size", "Batch-Size"])
def test_the_flag_spelling_sets_the_one_parameter_it_names(spelling: str) -> None:
    values = resolve_parameters(read_parameters(DEFINITION), {spelling: "4"})
    assert values["batch_size"] == 4
    assert values["learning_rate"] == 0.1


def test_execute_passes_the_declared_name_to_sagemaker() -> None:
    checked = check_parameters(
        read_parameters(DEFINITION), {"--batch-size": "4", "learning_rate": "0.5"}, Path("pipeline/pipeline.py")
    )
    assert checked == {"batch_size": "4", "learning_rate": "0.5"}


def test_two_spellings_of_one_parameter_are_refused() -> None:
    with pytest.raises(UserError, match=r"-p batch_size and -p batch-size set the same"):
        resolve_parameters(read_parameters(DEFINITION), {"batch_size": "4", "batch-size": "8"})


def test_a_spelling_that_fits_several_parameters_names_them() -> None:
    definition = {"Parameters": [
        {"Name": "batch_size", "Type": "Integer", "DefaultValue": 1},
        {"Name": "Batch_Size", "Type": "Integer", "DefaultValue": 2},
    ]}  # fmt: skip
    declared = read_parameters(definition)
    assert canonical_names(declared, {"batch-size": "4"}) == {"batch-size": "4"}
    with pytest.raises(UserError) as refused:
        resolve_parameters(read_parameters(definition), {"batch-size": "4"})
    assert str(refused.value) == (
        "unknown pipeline parameter(s) batch-size (batch-size could be any of batch_size, "
        "Batch_Size); the pipeline declares batch_size, Batch_Size"
    )


def test_an_unknown_spelling_is_refused_with_the_declared_names() -> None:
    with pytest.raises(UserError) as refused:
        resolve_parameters(read_parameters(DEFINITION), {"--batchsize": "4"})
    assert str(refused.value) == (
        "unknown pipeline parameter(s) --batchsize; the pipeline declares batch_size, "
        "learning_rate, TrainingInstanceType"
    )


def test_an_exact_name_is_kept_beside_a_parameter_spelled_alike() -> None:
    definition = {"Parameters": [
        {"Name": "batch_size", "Type": "Integer", "DefaultValue": 1},
        {"Name": "Batch_Size", "Type": "Integer", "DefaultValue": 2},
    ]}  # fmt: skip
    assert run_values(read_parameters(definition), {"Batch_Size": "5"}) == {
        "batch_size": 1, "Batch_Size": 5,
    }  # fmt: skip
