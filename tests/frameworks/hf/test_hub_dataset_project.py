"""examples/corpus/hf-hub-dataset, migrated: `load_dataset("imdb")` staged by the generated
Preprocess script (save_to_disk) and read back in the training job (load_from_disk) with no
Hub at all, printing the original's accuracies.

Nothing comes from the Hub: make_standin.py writes a local dataset repository folder `imdb/`,
which `load_dataset("imdb")` reads before it would ask the Hub (HF_DATASETS_OFFLINE=1 as well).
The staging script runs beside that folder (standing in for a machine with internet); the
migrated script runs in code/, where there is no such folder, so it can only read the channel.
Needs `datasets` (the `frameworks` extra).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers.cli import sagebridge

from frameworks.hf.conftest import CORPUS, Project, container_env, run_script

EPOCH_LINE = re.compile(r"^epoch (\d+): test_accuracy=([0-9.]+)$", re.MULTILINE)
NO_HUB = {"HF_DATASETS_OFFLINE": "1"}


@pytest.fixture(scope="module")
def hub_dataset_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("hf-hub-dataset")
    original = root / "original"
    shutil.copytree(CORPUS / "hf-hub-dataset", original)
    run_script(original / "make_standin.py", [], original)
    out = root / "out"
    result = sagebridge("migrate", CORPUS / "hf-hub-dataset", "-o", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return Project(original, out)


def test_the_staged_dataset_trains_to_the_originals_metrics(
    hub_dataset_project: Project, tmp_path: Path
):
    project = hub_dataset_project
    original = run_script(project.original / "train.py", [], project.original, NO_HUB)
    expected = EPOCH_LINE.findall(original)
    assert len(expected) == 3 and float(expected[-1][1]) > 0.8  # it learned

    staged = tmp_path / "processing"
    output = run_script(
        project.code / "preprocess.py",
        ["--train-dir", str(staged / "train"), "--test-dir", str(staged / "test")],
        project.original,  # where load_dataset("imdb") can be answered
        NO_HUB,
    )
    assert "{'train': 600, 'test': 200}" in output
    assert (staged / "train" / "imdb" / "dataset_dict.json").is_file()
    assert not (project.code / "imdb").exists()  # the job can only read the channel

    env = container_env(project, tmp_path / "opt_ml")
    env["SM_CHANNEL_TRAINING"] = str(staged / "train")
    migrated = run_script(project.code / "train.py", [], project.code, {**env, **NO_HUB})
    assert EPOCH_LINE.findall(migrated) == expected
    assert (Path(env["SM_MODEL_DIR"]) / "model.pt").is_file()


def test_off_sagemaker_the_migrated_script_calls_the_hub_as_written(
    hub_dataset_project: Project, tmp_path: Path
):
    """No SM_CHANNEL_TRAINING: load_dataset("imdb") runs as written (here: the stand-in)."""
    project = hub_dataset_project
    laptop = tmp_path / "laptop"
    shutil.copytree(project.code, laptop)
    shutil.copytree(project.original / "imdb", laptop / "imdb")
    output = run_script(laptop / "train.py", ["--epochs", "1"], laptop, NO_HUB)
    assert len(EPOCH_LINE.findall(output)) == 1
