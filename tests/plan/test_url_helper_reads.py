"""A URL built from a base plus a file name and read through a helper becomes the training
channel (plan/url_data.py); one that can't be followed asks for review; keras' get_file is left
as written, and migrate and the guide say the job downloads it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

from sagebridge.analyze import analyze_project
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
    return build_plan(analyze_project(tmp_path, "train.py"))


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
                         text=True, timeout=120, cwd=tmp_path, check=False)
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


ORIGIN = "http://127.0.0.1:9/d/FordA.zip"  # nothing listens: a download attempt fails at once
GET_FILE = f'''import os
import keras

extract = os.environ.get("EXTRACT") == "1"
path = keras.utils.get_file("FordA.zip", "{ORIGIN}", extract=extract)
print("path:", path)
'''


def _run_migrated(tmp_path: Path, code: str, extract: bool) -> subprocess.CompletedProcess[str]:
    migrated = tmp_path / "migrated.py"
    migrated.write_text(code)
    for name, text in render_runtime(downloads=True).items():
        (tmp_path / name).write_text(text)
    environ = {
        **os.environ, "HOME": str(tmp_path / "home"), "KERAS_BACKEND": "torch",
        "SM_MODEL_DIR": str(tmp_path / "model"), "SM_CHANNEL_TRAINING": str(tmp_path / "channel"),
        "EXTRACT": "1" if extract else "0",
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, str(migrated)], env=environ, capture_output=True,
                          text=True, timeout=300, cwd=tmp_path, check=False)


def test_get_file_reads_the_channel_copy_and_returns_what_get_file_returns(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    plan = _plan(project, GET_FILE)
    [edit] = plan.edits.downloads
    assert (edit.edit, edit.dataset) == ("stage_get_file", "FordA.zip")
    [channel] = plan.channels
    assert (channel.name, channel.filename, channel.line) == ("training", "FordA.zip", 0)
    code = transform_file(plan, "train.py", GET_FILE).code
    (tmp_path / "channel").mkdir()
    with zipfile.ZipFile(tmp_path / "channel" / "FordA.zip", "w") as archive:
        archive.writestr("FordA/train.tsv", "1\t0.5\n")
    datasets = tmp_path / "home" / ".keras" / "datasets"
    plain = _run_migrated(tmp_path, code, extract=False)
    assert plain.returncode == 0, plain.stderr
    assert f"path: {datasets / 'FordA.zip'}" in plain.stdout
    assert "is staged in the channel" in plain.stdout
    shutil.rmtree(datasets)
    extracted = _run_migrated(tmp_path, code, extract=True)
    assert extracted.returncode == 0, extracted.stderr
    assert f"path: {datasets / 'FordA_extracted'}" in extracted.stdout  # keras 3's folder
    assert (datasets / "FordA_extracted" / "FordA" / "train.tsv").read_text() == "1\t0.5\n"
    # Without the channel's copy, the call downloads as written (here: fails, nothing listens).
    (tmp_path / "channel" / "FordA.zip").unlink()
    shutil.rmtree(datasets)
    missing = _run_migrated(tmp_path, code, extract=False)
    assert missing.returncode != 0 and ORIGIN in missing.stdout + missing.stderr
    files = render_project(plan, template_values(plan))
    assert f"- `FordA.zip` from {ORIGIN} (train.py:5)" in files["README.md"]


def test_get_file_of_an_unknown_origin_is_left_as_written_and_the_guide_says_so(
    tmp_path: Path,
) -> None:
    code = GET_FILE.replace(f'"{ORIGIN}"', 'origin=os.environ["DATA_URL"]')
    plan = _plan(tmp_path, code)
    assert plan.edits.downloads == ()
    assert "keras.utils.get_file(" in transform_file(plan, "train.py", code).code
    [warning] = [w for w in plan.warnings if "get_file" in w]
    assert "FordA.zip" in warning and "network isolation" in warning
    guide = render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]
    assert "### Files downloaded with get_file" in guide
    assert "- `FordA.zip` (train.py:5)" in guide
