"""Pipeline parameter defaults take the option's declared type (pytorch/examples
word_language_model: `--lr type=float default=20` made ParameterFloat(default_value=20), and
the pipeline definition could not be built)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.plan import build_plan

LANGUAGE_MODEL = """
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=20, help="initial learning rate")
parser.add_argument("--bptt", type=int, default=35.0)
parser.add_argument("--clip", type=float, default=0.25)
args = parser.parse_args()
print(args.lr * args.clip, args.bptt)
"""


def test_defaults_take_the_declared_type(tmp_path: Path) -> None:
    root = tmp_path / "lm"
    root.mkdir()
    (root / "main.py").write_text(textwrap.dedent(LANGUAGE_MODEL), encoding="utf-8")
    plan = build_plan(analyze_project(root, None), read_data_samples(root))
    defaults = {p.name: p.default for p in plan.hyperparameters}
    assert defaults["lr"] == 20.0 and type(defaults["lr"]) is float
    assert defaults["bptt"] == 35 and type(defaults["bptt"]) is int
    assert defaults["clip"] == 0.25
