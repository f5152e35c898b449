"""The Optuna corpus project (examples/corpus/optuna-study): a study whose objective trains one
model per trial and returns its validation AUC, then the best parameters refitted and saved.
Migrated, it prints the same trials and best value, logs `validation_auc` once, as the study's
best (not the last trial's), and the refitted model lands in the model dir, loadable by joblib
with the best trial's score."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import joblib
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

PROJECT = EXAMPLES / "corpus" / "optuna-study"
TRIAL = re.compile(r"^trial \d+: val_auc [0-9.]+$", re.MULTILINE)
BEST = r"best trial \d+: val_auc ([0-9.]+)"


def test_study_migrates_with_the_best_trials_metric_and_model(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "make_data.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", ["--n-trials", "5"], cwd=original, env=plain_env())
    trials = TRIAL.findall(before.stdout)
    (best,) = re.findall(BEST, before.stdout)
    assert len(trials) == 5 and trials[-1].split()[-1] != best  # the last trial is not the best

    out = tmp_path / "out"
    migrate_project(PROJECT, out)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())
    code = out / "code"
    after = run_script(
        code / "train.py", ["--n-trials", "5"], cwd=code, env=plain_env(**container.env())
    )
    assert TRIAL.findall(after.stdout) == trials
    assert re.findall(BEST, after.stdout) == [best]
    logged = re.findall(r"^validation_auc=([0-9.]+);", after.stdout, re.MULTILINE)
    assert len(logged) == 1 and f"{float(logged[0]):.4f}" == best

    model = joblib.load(container.model / "model.joblib")
    frame = pd.read_csv(original / "data" / "train.csv")
    _, x_val, _, y_val = train_test_split(
        frame.drop(columns=["label"]), frame["label"], test_size=0.25, random_state=0,
        stratify=frame["label"],
    )  # fmt: skip
    assert f"{roc_auc_score(y_val, model.predict_proba(x_val)[:, 1]):.4f}" == best
