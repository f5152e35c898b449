"""A URL built from a base plus a file name and read through a helper becomes the training
channel (plan/url_data.py); one that can't be followed asks for review; keras' get_file is left
as written, and migrate and the guide say the job downloads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from sagebridge.analyze import analyze_with_index
from sagebridge.model import ArtifactStatus, MigrationPlan
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project
from sagebridge.render.runtime import render_runtime
from sagebridge.transform import transform_file

BASE = "https://example.org/ucr/"
SCRIPT = f'''import numpy as np
from sklearn.linear_model import LogisticRegression

root_url = "{BASE}"


def readucr(filename):
    data = np.loadtxt(filename, delimiter="\\t")
    return data[:, 1:], data[:, 0].astype(int)


x_train, y_train = readucr(root_url + "FordA_TRAIN.tsv")
x_test, y_test = readucr(root_url + "FordA_TEST.tsv")
model = LogisticRegression().fit(x_train, y_train)
print(f"accuracy: {{model.score(x_test, y_test)}}")
'''


def _plan(tmp_path: Path, code: str) -> MigrationPlan:
    (tmp_path / "train.py").write_text(code)
    return build_plan(analyze_with_index(tmp_path, "train.py"))


def test_the_base_literal_is_the_training_channel_folder(tmp_path: Path) -> None:
    plan = _plan(tmp_path, SCRIPT)
    [channel] = plan.channels
    assert (channel.name, channel.fallback, channel.filename, channel.line) == (
        "training", "https://example.org/ucr", "", 4
    )
    assert not [a for a in plan.steps.artifacts if a.status is ArtifactStatus.NEEDS_REVIEW]


def test_migrated_script_reads_the_channel_in_sagemaker_and_the_url_on_a_laptop(
    tmp_path: Path,
) -> None:
    plan = _plan(tmp_path, SCRIPT)
    code = transform_file(plan, "train.py", SCRIPT).code
    [line] = [x for x in code.splitlines() if x.startswith("root_url = ")]
    expression = line.removeprefix("root_url = ")  # our own generated expression
    environ = os.environ.copy()
    environ.pop("SM_CHANNEL_TRAINING", None)
    probe = f"import os; print({expression} + 'FordA_TRAIN.tsv')"
    laptop = subprocess.run([sys.executable, "-c", probe], env=environ, capture_output=True,
                            text=True, check=True)
    assert laptop.stdout.strip() == f"{BASE}FordA_TRAIN.tsv"
    # In SageMaker: the migrated script runs and reads both files from the channel folder.
    channel = tmp_path / "channel"
    channel.mkdir()
    rng = np.random.default_rng(0)
    for name in ("FordA_TRAIN.tsv", "FordA_TEST.tsv"):
        x = rng.normal(size=(30, 4))
        np.savetxt(channel / name, np.column_stack([(x[:, 0] > 0).astype(int), x]), delimiter="\t")
    migrated = tmp_path / "migrated.py"
    migrated.write_text(code)
    for name, text in render_runtime().items():  # the module migrate writes beside the script
        (tmp_path / name).write_text(text)
    environ["SM_MODEL_DIR"] = str(tmp_path / "model")
    environ["SM_CHANNEL_TRAINING"] = str(channel)
    run = subprocess.run([sys.executable, str(migrated)], env=environ, capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "accuracy: " in run.stdout


def test_guide_names_each_file_of_the_base_to_upload(tmp_path: Path) -> None:
    plan = _plan(tmp_path, SCRIPT)
    files = render_project(plan, template_values(plan))
    assert f"- `FordA_TRAIN.tsv` from {BASE}FordA_TRAIN.tsv (train.py:12)" in files["README.md"]
    assert f"- `FordA_TEST.tsv` from {BASE}FordA_TEST.tsv (train.py:13)" in files["README.md"]


def test_a_url_that_cannot_be_followed_needs_review(tmp_path: Path) -> None:
    code = SCRIPT.replace('root_url + "FordA_TRAIN.tsv"', 'root_url + name("TRAIN")')
    code = code.replace("root_url = ", 'def name(part):\n    return f"FordA_{part}.tsv"\n\n\nroot_url = ')
    plan = _plan(tmp_path, code)
    [review] = [a for a in plan.steps.artifacts if a.status is ArtifactStatus.NEEDS_REVIEW]
    assert (review.name, review.where) == ("Train", "train.py:16")
    assert "root_url + name(\"TRAIN\")" in review.reason and "internet" in review.reason


GET_FILE = '''import numpy as np
from tensorflow import keras

path = keras.utils.get_file("FordA.zip", "https://example.org/d/FordA.zip", extract=True)
x = np.load(path)
'''


def test_get_file_is_left_as_written_and_the_guide_says_the_job_downloads_it(
    tmp_path: Path,
) -> None:
    plan = _plan(tmp_path, GET_FILE)
    assert plan.edits.downloads == ()
    assert transform_file(plan, "train.py", GET_FILE).code.count(
        'keras.utils.get_file("FordA.zip", "https://example.org/d/FordA.zip", extract=True)'
    ) == 1
    [warning] = [w for w in plan.warnings if "get_file" in w]
    assert "FordA.zip from https://example.org/d/FordA.zip" in warning
    assert "network isolation" in warning
    files = render_project(plan, template_values(plan))
    guide = files["docs/MIGRATION_GUIDE.md"]
    assert "### Files downloaded with get_file" in guide
    assert "- `FordA.zip` from https://example.org/d/FordA.zip (train.py:4)" in guide
    assert "fetched by no job" not in files["README.md"]
