"""Corpus project keras-text-archive (TensorFlow's text-classification tutorial style): the
original and the migrated script run on the same archive and seed. In the job the archive comes
from the training channel (no download), the model its first batch builds trains with the
spot backup in place, the printed test accuracy is the same and is the gate's metric, and a
SavedModel lands in the model folder for TF Serving."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from migrate.conftest import plain_env, run_script

from frameworks.keras.spot import container_in
from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.plan import build_plan

PROJECT = Path(__file__).resolve().parents[3] / "examples" / "corpus" / "keras-text-archive"
PRINTED = r"^Accuracy:  ([0-9.]+)$"


def test_text_archive_runs_the_same_from_the_channel(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "make_data.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", [], cwd=original, env=plain_env())

    plan = build_plan(analyze_project(PROJECT, "train.py"))
    assert (plan.objective_metric, plan.objective_greater_is_better) == ("accuracy", True)
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    container = container_in(tmp_path / "opt_ml")
    shutil.copytree(original / "stage", container.channel())
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))

    printed = re.findall(PRINTED, before.stdout, re.MULTILINE)
    assert printed and printed == re.findall(PRINTED, after.stdout, re.MULTILINE)
    assert f"accuracy={printed[0]};" in after.stdout
    assert "is staged in the channel; not downloading" in after.stdout
    assert (container.model / "1" / "saved_model.pb").is_file()
