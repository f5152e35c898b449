"""Tabular corpus projects (examples/corpus): the original and the migrated script, run on the
same data and seed (the migrated one under the container contract, its data in the training
channel), print the same metrics, and the migrated one writes its model into SM_MODEL_DIR."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

CORPUS = EXAMPLES / "corpus"


@dataclass(frozen=True)
class Case:
    name: str
    entry: str
    args: tuple[str, ...]
    metric: str  # a regex for the printed metric lines to compare
    model_file: str  # what the migrated script must write into SM_MODEL_DIR
    prepare: tuple[str, ...] = ()  # a script of the project to run first, from its folder
    data: str = "data"  # the folder the channel gets (relative to the prepared original)


CASES = [
    Case("xgboost-constants", "train.py", (), r"validation RMSE: [0-9.]+", "model.json"),
    Case("lightgbm-constants", "train.py", (), r"Validation AUC: [0-9.]+", "model.txt"),
    Case(
        "click-options",
        "train.py",
        ("--learning-rate", "0.05", "--max-iter", "300"),
        r"val_mae=[0-9.]+ val_r2=[0-9.]+",
        "model.joblib",
    ),
    Case(
        "config-dict-json",
        "train.py",
        ("--config", "config.json"),
        r"val_auc=[0-9.]+",
        "model.joblib",
    ),
    Case(
        "helper-scripts",
        "train.py",
        (),
        r"test (?:precision|recall|f1): [0-9.]+",
        "model.joblib",
        prepare=("prepare.py",),
    ),
    Case("nested-entry", "src/train.py", (), r"Test (?:accuracy|F1): [0-9.]+", "churn.joblib"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_migrated_script_prints_the_original_metrics(tmp_path: Path, case: Case) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS / case.name, original)
    for script in case.prepare:
        run_script(original / script, [], cwd=original, env=plain_env())
    before = run_script(original / case.entry, list(case.args), cwd=original, env=plain_env())

    out = tmp_path / "out"
    migrate_project(CORPUS / case.name, out, entry_point=case.entry)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / case.data, container.channel())
    code = out / "code"
    after = run_script(
        code / case.entry, list(case.args), cwd=code, env=plain_env(**container.env())
    )

    printed = re.findall(case.metric, before.stdout + before.stderr)
    assert printed, before.stdout + before.stderr
    assert re.findall(case.metric, after.stdout + after.stderr) == printed
    assert (container.model / case.model_file).is_file(), sorted(container.model.iterdir())
