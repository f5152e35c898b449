"""Corpus project keras-silent-fit: a keras.io walkthrough that prints no score of its own.

The original and the migrated script run on the same data and seed; the migrated one logs, as
`name=value;` lines, the numbers the original's Keras log shows (evaluate's last line, the last
epoch's val_accuracy), draws no diagram in the job (no pydot there) and leaves a SavedModel for
TF Serving in the model folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project

PROJECT = Path(__file__).resolve().parents[3] / "examples" / "corpus" / "keras-silent-fit"
EVALUATED = r"accuracy: ([0-9.]+) - auc: ([0-9.]+) - loss: ([0-9.]+)$"


def test_silent_fit_logs_what_keras_printed_and_exports(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "make_data.py", [], cwd=original, env=plain_env())
    before = run_script(original / "run_offline.py", ["train.py"], cwd=original, env=plain_env())

    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))

    printed = re.findall(EVALUATED, before.stdout, re.MULTILINE)[-1]
    assert re.findall(EVALUATED, after.stdout, re.MULTILINE)[-1] == printed  # same run
    logged = dict(re.findall(r"^(\w+)=([-+0-9.eE]+);$", after.stdout, re.MULTILINE))
    assert f"{float(logged['test_accuracy']):.4f}" == printed[0]
    assert f"{float(logged['test_auc']):.4f}" == printed[1]
    assert f"{float(logged['test_loss']):.4f}" == printed[2]
    val = re.findall(r"val_accuracy: ([0-9.]+)", before.stdout)[-1]
    assert f"{float(logged['validation_accuracy']):.4f}" == val
    assert "sagebridge: plot_model skipped" in after.stdout
    assert (container.model / "1" / "saved_model.pb").is_file()
    assert (container.model / "model.keras").is_file()
