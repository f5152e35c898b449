"""The Kaggle-style corpus project (examples/corpus/kaggle-kfold): a kernel run from `working/`
that reads `../input/titanic/*.csv`, runs a StratifiedKFold loop and writes `submission.csv`.
Migrated, it reads the training channel, prints the same fold and out-of-fold AUCs, logs the
last (out-of-fold) one for the pipeline, and writes the submission into the output data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

PROJECT = EXAMPLES / "corpus" / "kaggle-kfold"
AUC = r"AUC: [0-9.]+"


def test_kernel_migrates_with_the_original_scores(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    before = run_script(
        original / "working" / "kernel.py", [], cwd=original / "working", env=plain_env()
    )
    printed = re.findall(AUC, before.stdout)
    assert len(printed) == 6, before.stdout  # five folds and the out-of-fold score

    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="working/kernel.py")
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "input" / "titanic", container.channel())
    code = out / "code"
    after = run_script(
        code / "working" / "kernel.py", [], cwd=code, env=plain_env(**container.env())
    )
    assert re.findall(AUC, after.stdout) == printed
    logged = re.findall(r"^auc=([0-9.]+);", after.stdout, re.MULTILINE)
    assert logged and f"AUC: {float(logged[-1]):.4f}" == printed[-1]
    submission = (container.output_data / "submission.csv").read_text().splitlines()
    assert submission[0] == "PassengerId,Survived" and len(submission) == 201
