"""One reader of the pipeline definition's parameters, shared by `run --local` and `execute`.

local/run/graph.py and aws/parameters.py each parsed the parameters and checked the given
values; both now read them through sagebridge.project.parameters, so they accept and refuse
the same values, and word a refusal the same (`refusal`; execute names the pipeline file first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sagebridge.aws.parameters import check_parameters
from sagebridge.errors import UserError
from sagebridge.local.run.graph import resolve_parameters
from sagebridge.project.parameters import (
    ParameterProblem,
    ParameterType,
    Problem,
    read_parameters,
    run_values,
)

DEFINITION: dict[str, Any] = {
    "Parameters": [
        {"Name": "QualityThreshold", "Type": "Float"},
        {"Name": "epochs", "Type": "Integer", "DefaultValue": 10},
        {"Name": "Mode", "Type": "String", "DefaultValue": "a"},
        {"Name": "Verbose", "Type": "Boolean", "DefaultValue": False},
        {"Name": "TrainingInstanceType", "Type": "String", "DefaultValue": "ml.m5.xlarge"},
    ],
}


def test_parameters_are_read_into_typed_records_in_definition_order() -> None:
    declared = read_parameters(DEFINITION)
    assert list(declared) == [
        "QualityThreshold", "epochs", "Mode", "Verbose", "TrainingInstanceType"
    ]  # fmt: skip
    assert declared["QualityThreshold"].type is ParameterType.FLOAT
    assert declared["QualityThreshold"].required
    assert (declared["epochs"].type, declared["epochs"].default) == (ParameterType.INTEGER, 10)
    assert not declared["epochs"].required
    assert declared["Verbose"].type is ParameterType.BOOLEAN


def test_given_values_are_typed_and_the_rest_take_their_defaults() -> None:
    values = run_values(
        read_parameters(DEFINITION), {"QualityThreshold": "0.5", "epochs": "2", "Verbose": "TRUE"}
    )
    assert values == {
        "QualityThreshold": 0.5,
        "epochs": 2,
        "Mode": "a",
        "Verbose": True,
        "TrainingInstanceType": "ml.m5.xlarge",
    }


@pytest.mark.parametrize(
    ("given", "problem", "names"),
    [
        ({"QualityThreshold": "0.5", "nope": "1", "alpha": "2"}, Problem.UNKNOWN, ("alpha", "nope")),
        ({"epochs": "2"}, Problem.MISSING, ("QualityThreshold",)),
        ({"QualityThreshold": "high"}, Problem.MISTYPED, ("QualityThreshold",)),
        ({"QualityThreshold": "0.5", "epochs": "2.5"}, Problem.MISTYPED, ("epochs",)),
        ({"QualityThreshold": "0.5", "Verbose": "yes"}, Problem.MISTYPED, ("Verbose",)),
        ({"QualityThreshold": "0.5", "TrainingInstanceType": "ml.g5.xlarge"}, Problem.FAMILY, ()),
    ],
)
def test_the_first_value_that_cannot_start_a_run_is_named(
    given: dict[str, str], problem: Problem, names: tuple[str, ...]
) -> None:
    with pytest.raises(ParameterProblem) as raised:
        run_values(read_parameters(DEFINITION), given)
    assert (raised.value.problem, raised.value.names) == (problem, names)


@pytest.mark.parametrize(
    "given",
    [
        {"QualityThreshold": "0.5"},
        {"QualityThreshold": "0.5", "epochs": "3", "Verbose": "false", "Mode": "b"},
        {"epochs": "2"},
        {"QualityThreshold": "x"},
        {"QualityThreshold": "0.5", "Verbose": "1"},
        {"QualityThreshold": "0.5", "other": "1"},
        {"QualityThreshold": "0.5", "TrainingInstanceType": "ml.p4d.24xlarge"},
    ],
)
def test_run_local_and_execute_accept_and_refuse_the_same_values(given: dict[str, str]) -> None:
    def outcome(check: Any) -> bool:
        try:
            check()
        except UserError:
            return False
        return True

    local = outcome(lambda: resolve_parameters(read_parameters(DEFINITION), given))
    aws = outcome(lambda: check_parameters(read_parameters(DEFINITION), given, Path("pipeline/pipeline.py")))
    assert local == aws


def test_a_definition_without_parameters_is_read_by_both() -> None:
    """`"Parameters": null` crashed the local runner's own parser (a TypeError); execute's read
    it as none. The shared reader reads it as none for both."""
    assert resolve_parameters(read_parameters({"Parameters": None, "Steps": []}), {}) == {}
    check_parameters(read_parameters({"Parameters": None}), {}, Path("pipeline/pipeline.py"))
    with pytest.raises(UserError, match="unknown pipeline parameter"):
        resolve_parameters(read_parameters({"Parameters": None}), {"epochs": "1"})


REFUSALS = (
    ({"epochs": "2"},
     "pipeline parameter QualityThreshold has no default: pass -p QualityThreshold=VALUE (a Float)"),
    ({"QualityThreshold": "0.5", "epochs": "x"}, "-p epochs=x: not a valid Integer"),
    ({"QualityThreshold": "high"}, "-p QualityThreshold=high: not a valid Float"),
    ({"QualityThreshold": "0.5", "Verbose": "maybe"},
     "-p Verbose=maybe: not a valid Boolean (true or false)"),
    ({"QualityThreshold": "0.5", "nope": "1"},
     "unknown pipeline parameter(s) nope; the pipeline declares " + ", ".join(
         p["Name"] for p in DEFINITION["Parameters"])),
)


@pytest.mark.parametrize(("given", "line"), REFUSALS)
def test_run_local_and_execute_word_a_refusal_the_same(given: dict[str, str], line: str) -> None:
    """One wording (project/parameters.py's `refusal`) for a missing, mistyped or unknown
    parameter; execute names the pipeline file it checked before it."""
    with pytest.raises(UserError) as local:
        resolve_parameters(read_parameters(DEFINITION), given)
    assert str(local.value) == line
    with pytest.raises(UserError) as aws:
        check_parameters(read_parameters(DEFINITION), given, Path("pipeline/pipeline.py"))
    assert str(aws.value) == f"pipeline/pipeline.py: {line}"
