"""Plan decisions for issue 11's entry point items: one hyperparameter per name, the entry
point's first."""

from __future__ import annotations

from sagebridge.model import Hyperparameter, HyperparameterOrigin
from sagebridge.plan.hyperparameters import plan_hyperparameters


def test_duplicate_names_keep_the_first() -> None:
    found = (
        Hyperparameter("seed", 42, "int", HyperparameterOrigin.ARGPARSE, "train.py", 28, "--seed"),
        Hyperparameter("lr", 0.1, "float", HyperparameterOrigin.CONSTANT, "train.py", 3),
        Hyperparameter("seed", 0, "int", HyperparameterOrigin.ARGPARSE, "util.py", 41, "--seed"),
        Hyperparameter("LR", 0.5, "float", HyperparameterOrigin.CONSTANT, "util.py", 2),
    )
    plans, warnings = plan_hyperparameters(found)
    assert [(p.name, p.default, p.file) for p in plans] == [
        ("seed", 42, "train.py"), ("lr", 0.1, "train.py")
    ]
    assert len(warnings) == 2
    assert warnings[0].startswith("util.py:41: seed is already a hyperparameter (train.py:28)")
