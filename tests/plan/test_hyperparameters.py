"""plan_hyperparameters: the rules on single records (required options, None defaults)."""

from __future__ import annotations

from sagebridge.model import Hyperparameter, HyperparameterOrigin
from sagebridge.plan.hyperparameters import plan_hyperparameters


def _option(name: str, default: object = None, **extra: object) -> Hyperparameter:
    return Hyperparameter(
        name=name, default=default, type="str", origin=HyperparameterOrigin.ARGPARSE,  # type: ignore[arg-type]
        file="train.py", line=3, flag=f"--{name}", **extra,  # type: ignore[arg-type]
    )


def test_a_required_option_is_a_parameter_without_default_named_in_one_line() -> None:
    plans, warnings = plan_hyperparameters((_option("dataset", required=True),))
    assert [(p.name, p.flag, p.default, p.required) for p in plans] == [
        ("dataset", "--dataset", None, True)
    ]
    assert warnings == ("--dataset is required: pass -p dataset=VALUE to run/execute",)


def test_an_optional_none_default_is_still_left_out() -> None:
    plans, warnings = plan_hyperparameters((_option("resume"),))
    assert plans == ()
    assert len(warnings) == 1 and "defaults to None" in warnings[0]


def test_a_whole_number_default_of_a_float_option_is_a_float() -> None:
    """word-lm's `--lr type=float default=20`: ParameterFloat(default_value=20) is refused by
    the SDK when the pipeline definition is built."""
    option = Hyperparameter(
        name="lr", default=20, type="float", origin=HyperparameterOrigin.ARGPARSE,
        file="train.py", line=3, flag="--lr",
    )
    [plan], _ = plan_hyperparameters((option,))
    assert plan.default == 20.0 and isinstance(plan.default, float)
