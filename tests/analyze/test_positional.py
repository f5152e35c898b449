"""Positional sys.argv arguments: named slots with a type, a default or a role by use."""

from __future__ import annotations

from sagebridge.analyze.frameworks import find_frameworks
from sagebridge.analyze.positional import argv_hyperparameters, find_positional_arguments
from sagebridge.analyze.saves import find_saves
from sagebridge.model import HyperparameterOrigin, PathRole

from .conftest import parse

MLFLOW_STYLE = """
import sys
alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
l1_ratio = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
"""

DVC_STYLE = """
import os, pickle, sys, json
import pandas as pd
if len(sys.argv) != 3:
    sys.exit(1)
input = sys.argv[1]
output = sys.argv[2]
train = pd.read_csv(os.path.join(input, "train.csv"))
with open(output, "wb") as fd:
    pickle.dump(clf, fd)
with open("scores.json", "w") as fd:
    json.dump({}, fd)
"""


def _found(source: str):
    module = parse(source)
    return find_positional_arguments(module, find_saves(module, find_frameworks(module)))


def test_settings_read_by_position_are_hyperparameters() -> None:
    found = _found(MLFLOW_STYLE)
    assert [(a.index, a.name, a.default, a.type, a.role) for a in found] == [
        (1, "alpha", 0.5, "float", None),
        (2, "l1_ratio", 0.25, "float", None),
    ]
    hyperparameters = argv_hyperparameters(found)
    assert [(h.name, h.flag, h.default, h.origin) for h in hyperparameters] == [
        ("alpha", "--alpha", 0.5, HyperparameterOrigin.ARGV),
        ("l1_ratio", "--l1_ratio", 0.25, HyperparameterOrigin.ARGV),
    ]


def test_paths_read_by_position_get_their_role_by_use() -> None:
    """The dump into `fd` saves to `output` (the `with` around it), not to the later scores."""
    found = _found(DVC_STYLE)
    assert [(a.index, a.name, a.default, a.role) for a in found] == [
        (1, "input", None, PathRole.DATA),
        (2, "output", None, PathRole.MODEL),
    ]


def test_a_script_with_a_parser_reads_argv_its_own_way() -> None:
    source = "import argparse, sys\np = argparse.ArgumentParser()\nx = sys.argv[1]\n"
    assert _found(source) == ()
