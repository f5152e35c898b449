"""argparse options and module constants -> Hyperparameter facts."""

from __future__ import annotations

import pytest

from sagebridge.analyze.hyperparameters import find_argparse, find_constants
from sagebridge.model import Hazard, HyperparameterOrigin

from .conftest import parse

ARGPARSE_CASES = [
    pytest.param(
        'parser.add_argument("--batch-size", type=int, default=64)',
        ("batch_size", "--batch-size", 64, "int", None),
        id="int-option",
    ),
    pytest.param(
        'parser.add_argument("-l", "--learning-rate", type=float, default=1e-3)',
        ("learning_rate", "--learning-rate", 1e-3, "float", None),
        id="short-and-long",
    ),
    pytest.param(
        'parser.add_argument("--lr", dest="learning_rate", default=0.1)',
        ("learning_rate", "--lr", 0.1, "float", None),
        id="dest-and-inferred-type",
    ),
    pytest.param(
        'parser.add_argument("--balanced", action="store_true")',
        ("balanced", "--balanced", False, "bool", Hazard.STORE_TRUE),
        id="store-true",
    ),
    pytest.param(
        'parser.add_argument("--no-shuffle", action="store_false")',
        ("no_shuffle", "--no-shuffle", True, "bool", Hazard.STORE_FALSE),
        id="store-false",
    ),
    pytest.param(
        'parser.add_argument("--bootstrap", type=bool, default=True)',
        ("bootstrap", "--bootstrap", True, "bool", Hazard.TYPE_BOOL),
        id="type-bool",
    ),
    pytest.param(
        'parser.add_argument("--optimizer", default="adam")',
        ("optimizer", "--optimizer", "adam", "str", None),
        id="string-default",
    ),
    pytest.param(
        'parser.add_argument("--seed", type=int, default=os.environ.get("SEED"))',
        ("seed", "--seed", None, "int", None),
        id="non-literal-default",
    ),
    pytest.param(
        'group.add_argument("--epochs", type=int, default=5)',
        ("epochs", "--epochs", 5, "int", None),
        id="argument-group",
    ),
]


@pytest.mark.parametrize(("line", "expected"), ARGPARSE_CASES)
def test_argparse_option_becomes_a_hyperparameter(line: str, expected: tuple) -> None:
    source = f"""
import argparse
import os
parser = argparse.ArgumentParser()
group = parser.add_argument_group("training")
{line}
args = parser.parse_args()
"""
    found = find_argparse(parse(source))
    assert len(found.hyperparameters) == 1
    h = found.hyperparameters[0]
    assert (h.name, h.flag, h.default, h.type, h.hazard) == expected
    assert h.origin is HyperparameterOrigin.ARGPARSE
    assert h.line == 6
    assert [(p.variable, p.line, p.parse_line) for p in found.parsers] == [("parser", 4, 7)]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('parser.add_argument("--data-dir", default="./data")', id="path-default"),
        pytest.param('other.add_argument("--x", default=1)', id="not-a-parser"),
        pytest.param("parser.add_argument(*names, default=1)", id="starred-names"),
    ],
)
def test_argparse_calls_that_are_not_hyperparameters(line: str) -> None:
    source = f"import argparse\nparser = argparse.ArgumentParser()\n{line}\n"
    assert find_argparse(parse(source)).hyperparameters == ()


def test_positional_argument_is_a_warning_not_a_hyperparameter() -> None:
    found = find_argparse(
        parse('from argparse import ArgumentParser\np = ArgumentParser()\np.add_argument("data")\n')
    )
    assert found.hyperparameters == ()
    assert len(found.warnings) == 1 and "train.py:3" in found.warnings[0]
    assert found.parsers[0].variable == "p" and found.parsers[0].parse_line is None


CONSTANT_CASES = [
    pytest.param("batch_size = 64\nprint(batch_size)", [("batch_size", 64, "int")], id="int"),
    pytest.param("MAX_DEPTH = 6\nf(MAX_DEPTH)", [("MAX_DEPTH", 6, "int")], id="upper-case"),
    pytest.param("lr: float = 1e-3\nf(lr)", [("lr", 1e-3, "float")], id="annotated"),
    pytest.param("USE_AMP = False\nf(USE_AMP)", [("USE_AMP", False, "bool")], id="bool"),
    pytest.param("N_JOBS = -1\nf(N_JOBS)", [("N_JOBS", -1, "int")], id="negative"),
    pytest.param(
        'OPTIMIZER = "adam"\nf(OPTIMIZER)', [("OPTIMIZER", "adam", "str")], id="setting-string"
    ),
    pytest.param('TARGET = "churn"\nf(TARGET)', [], id="column-name-string"),
    pytest.param('data_dir = "./data"\nf(data_dir)', [], id="path-string"),
    pytest.param("unused = 3", [], id="never-read"),
    pytest.param("x = 1\nx = 2\nf(x)", [], id="reassigned"),
    pytest.param("_private = 1\nf(_private)", [], id="private"),
    pytest.param("__version__ = 1\nf(__version__)", [], id="dunder"),
    pytest.param("VERSION = 2\nf(VERSION)", [], id="version"),
    pytest.param("MEAN = (0.1307,)\nf(MEAN)", [], id="tuple"),
    pytest.param("def main():\n    epochs = 3\n    f(epochs)", [], id="function-local"),
    pytest.param("BIG = 1e999\nf(BIG)", [], id="infinite"),
]


@pytest.mark.parametrize(("source", "expected"), CONSTANT_CASES)
def test_module_constants(source: str, expected: list[tuple]) -> None:
    found = find_constants(parse(source))
    assert [(h.name, h.default, h.type) for h in found] == expected
    assert all(h.origin is HyperparameterOrigin.CONSTANT and h.flag is None for h in found)


def test_constant_used_as_an_argparse_default_belongs_to_the_option() -> None:
    module = parse(
        """
        import argparse
        BATCH_SIZE = 64
        EPOCHS = 3
        parser = argparse.ArgumentParser()
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        print(EPOCHS)
        """
    )
    [option] = find_argparse(module).hyperparameters
    assert (option.flag, option.default) == ("--batch-size", 64)
    assert [h.name for h in find_constants(module)] == ["EPOCHS"]


def test_required_option_is_a_required_hyperparameter() -> None:
    source = (
        "import argparse\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--dataset', required=True, help='fake | mnist')\n"
        "parser.add_argument('--niter', type=int, default=2, required=False)\n"
    )
    found = {h.name: h for h in find_argparse(parse(source)).hyperparameters}
    assert (found["dataset"].required, found["dataset"].default) == (True, None)
    assert found["niter"].required is False


def test_exec_configurator_is_found_at_module_level_only() -> None:
    from sagebridge.analyze.hyperparameters import find_exec_configurators

    source = (
        "batch_size = 16\n"
        "exec(open('configurator.py').read())  # overrides\n"
        "def f():\n    exec(open('other.py').read())\n"
        "exec(code)\n"
    )
    [found] = find_exec_configurators(parse(source))
    assert (found.file, found.line, found.companion) == ("train.py", 2, "configurator.py")


def test_loop_state_and_names_after_an_exec_configurator_are_not_settings() -> None:
    source = (
        "batch_size = 16\n"
        "exec(open('configurator.py').read())\n"
        "max_iters = 5\n"
        "iter_num = 0\n"
        "while True:\n    iter_num += 1\n    if iter_num > max_iters + batch_size:\n        break\n"
    )
    assert [h.name for h in find_constants(parse(source))] == ["batch_size"]
    assert [h.name for h in find_constants(parse("n = 0\nfor _ in range(3):\n    n += 1\nprint(n)\n"))] == []
