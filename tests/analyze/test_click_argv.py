"""Hyperparameters from click options; positional sys.argv settings named to the user
(issue 11)."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.hyperparameters import find_click_options, find_positional_argv
from sagebridge.model import HyperparameterOrigin
from sagebridge.plan.hyperparameters import plan_hyperparameters

from .conftest import parse

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

CLICK = '''
import click

@click.command()
@click.option("--data", "data_path", type=click.Path(exists=True), default="data/x.csv")
@click.option("--learning-rate", type=float, default=0.1, show_default=True)
@click.option("-n", "--max-iter", type=int, default=200)
@click.option("--l2", "l2_regularization", type=float, default=0.0)
@click.option("--depth", type=int, default=None)
@click.option("--early-stopping/--no-early-stopping", default=False)
@click.option("--verbose", is_flag=True, default=False)
@click.option("--optimizer", default="adam")
@click.argument("run_name")
def main(data_path, learning_rate, max_iter, l2_regularization, depth, early_stopping,
         verbose, optimizer, run_name):
    pass
'''


def test_click_options_are_hyperparameters_with_their_flags() -> None:
    found = find_click_options(parse(CLICK))
    assert [(h.name, h.flag, h.default, h.type) for h in found.hyperparameters] == [
        ("learning_rate", "--learning-rate", 0.1, "float"),
        ("max_iter", "--max-iter", 200, "int"),
        ("l2_regularization", "--l2", 0.0, "float"),
        ("optimizer", "--optimizer", "adam", "str"),
    ]
    assert all(h.origin is HyperparameterOrigin.CLICK for h in found.hyperparameters)
    warnings = " ".join(found.warnings)
    assert "--early-stopping takes no value" in warnings
    assert "--verbose takes no value" in warnings
    assert "'run_name' is positional" in warnings


def test_click_flags_are_passed_as_written() -> None:
    plans, _ = plan_hyperparameters(find_click_options(parse(CLICK)).hyperparameters)
    assert [p.flag for p in plans] == ["--learning-rate", "--max-iter", "--l2", "--optimizer"]


def test_positional_argv_is_named_with_its_default() -> None:
    module = parse(
        "import sys\n"
        "def main():\n"
        "    alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5\n"
        "    name = sys.argv[0]\n"
    )
    (warning,) = find_positional_argv(module)
    assert warning.startswith("train.py:3: alpha is read from sys.argv[1] (default 0.5);")
    assert "--name value" in warning and "\n" not in warning


def test_corpus_click_options_and_mlflow_argv() -> None:
    click = analyze_project(CORPUS / "click-options")
    flags = {h.flag: h.default for h in click.hyperparameters}
    assert flags == {"--learning-rate": 0.1, "--max-iter": 200, "--l2": 0.0, "--seed": 3}
    mlflow = analyze_project(CORPUS / "sklearn-mlflow")
    # Positional settings are hyperparameters now, put back in place by the migrated script.
    assert not [w for w in mlflow.warnings if "sys.argv" in w]
    argv = [(h.flag, h.default, h.line) for h in mlflow.hyperparameters if h.origin == "argv"]
    assert argv == [("--alpha", 0.5, 43), ("--l1_ratio", 0.5, 44)]
