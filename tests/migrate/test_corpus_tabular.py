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
IGNORED = shutil.ignore_patterns("mlruns", "mlflow.db", "__pycache__")


@dataclass(frozen=True)
class Case:
    name: str
    entry: str
    args: tuple[str, ...]
    metric: str  # a regex for the printed metric lines to compare
    model_file: str  # what the migrated script must write into SM_MODEL_DIR
    prepare: tuple[tuple[str, ...], ...] = ()  # scripts (and arguments) to run first
    data: str = "data"  # the folder the channel gets (relative to the prepared original)
    migrated_args: tuple[str, ...] | None = None  # as SageMaker passes them, when they differ


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
        prepare=(("prepare.py",),),
    ),
    Case("nested-entry", "src/train.py", (), r"Test (?:accuracy|F1): [0-9.]+", "churn.joblib"),
    # Positional sys.argv: paths become the channel and a model file, settings `--name value`.
    Case(
        "sklearn-params-yaml",
        "train.py",
        ("data/features", "model.pkl"),
        r"(?:accuracy|auc): [0-9.]+",
        "model.joblib",
        prepare=(("prepare.py", "data/raw.csv"),),
        data="data/features",
        migrated_args=(),
    ),
    Case(
        "sklearn-mlflow",
        "train.py",
        ("0.5", "0.5"),
        r"(?:RMSE|MAE|R2): [0-9.]+",
        "model.joblib",  # mlflow.sklearn.log_model's model, kept in SM_MODEL_DIR too
        data=".",
        migrated_args=("--alpha", "0.5", "--l1_ratio", "0.5"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_migrated_script_prints_the_original_metrics(tmp_path: Path, case: Case) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS / case.name, original, ignore=IGNORED)
    for script, *arguments in case.prepare:
        run_script(original / script, arguments, cwd=original, env=plain_env())
    before = run_script(original / case.entry, list(case.args), cwd=original, env=plain_env())

    out = tmp_path / "out"
    migrate_project(CORPUS / case.name, out, entry_point=case.entry)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / case.data, container.channel(), ignore=IGNORED)
    code = out / "code"
    arguments = case.args if case.migrated_args is None else case.migrated_args
    after = run_script(
        code / case.entry, list(arguments), cwd=code, env=plain_env(**container.env())
    )

    printed = re.findall(case.metric, before.stdout + before.stderr)
    assert printed, before.stdout + before.stderr
    assert re.findall(case.metric, after.stdout + after.stderr) == printed
    assert (container.model / case.model_file).is_file(), sorted(container.model.iterdir())
