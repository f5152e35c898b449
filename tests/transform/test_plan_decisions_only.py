"""Transforms receive plan decisions only (issue 10): no codemod reads the analysis.

Statically, no module of sagebridge.transform reads an `analysis` attribute or imports
sagebridge.analyze; and on real projects, every file transforms to the same code with the
plan's analysis taken away (a read of it fails) as with it.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES

import sagebridge.transform
from sagebridge.analyze import analyze_project
from sagebridge.plan import build_plan
from sagebridge.transform import transform_file
from sagebridge.transform.secrets import mask_secrets

from .decisions import NO_ANALYSIS

TRANSFORM = Path(sagebridge.transform.__file__).parent

# A fake credential, assembled so that secret scanners of this repository stay quiet.
FAKE_PASSWORD = "Fx7-" + "decisions-only-0001"
EDITS = f'''import argparse
import urllib.request

import torch
from torchvision import datasets

DB_PASSWORD = "{FAKE_PASSWORD}"
URL = "https://example.com/iris.csv"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    urllib.request.urlretrieve(URL, "data/iris.csv")
    train = datasets.MNIST("./data", train=True, download=True)
    model = torch.nn.Linear(4, 3)
    print(f"test_accuracy={{0.5}}")
    torch.save(model.state_dict(), "model.pth")
    return args, train, DB_PASSWORD


if __name__ == "__main__":
    main()
'''


def test_no_transform_module_reads_the_analysis_or_imports_analyze() -> None:
    found = []
    for path in sorted(TRANSFORM.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "analysis":
                found.append(f"{path.name}:{node.lineno}: .analysis")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "sagebridge.analyze"
            ):
                found.append(f"{path.name}:{node.lineno}: from {node.module}")
    assert found == []


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "edits"
    root.mkdir()
    (root / "train.py").write_text(EDITS)
    (root / "requirements.txt").write_text("torch\ntorchvision\n")
    return root


@pytest.mark.parametrize(
    "name", ["edits", "ec2-mnist", "sklearn-digits", "corpus/nanogpt-style", "corpus/mlflow-wine-url"]
)
def test_every_file_transforms_the_same_without_the_analysis(name: str, tmp_path: Path) -> None:
    src = _project(tmp_path) if name == "edits" else EXAMPLES / name
    plan = build_plan(analyze_project(src))
    blind = replace(plan, analysis=NO_ANALYSIS)
    changed = 0
    for path in sorted(src.rglob("*.py")):
        relative, code = path.relative_to(src).as_posix(), path.read_text()
        seen, decided = transform_file(plan, relative, code), transform_file(blind, relative, code)
        assert decided == seen
        assert mask_secrets(blind, relative, code) == mask_secrets(plan, relative, code)
        changed += seen.changed
    assert changed >= 1
    if name == "corpus/nanogpt-style":
        assert plan.edits.configurators
    if name == "edits":  # every kind of edit the plan/edits.py records was made
        assert len(plan.edits.parsers) == len(plan.edits.secrets) == 1
        train = transform_file(blind, "train.py", EDITS)
        assert 'os.environ.get("DB_PASSWORD", "")' in train.code
        assert "download=False" in train.code and "staged_download(" in train.code
        assert "parser.parse_known_args()[0]" in train.code
        assert FAKE_PASSWORD not in mask_secrets(blind, "train.py", EDITS)
