"""Local data styles the channel mechanism must carry as they are (a corpus project each): a
SQLite file opened with sqlite3.connect + pd.read_sql, an image folder tree read with
torchvision's ImageFolder, and Hugging Face `load_dataset("csv"/"json", data_files=...)` on local
files. Per style: the migrated script run SageMaker-style (SM_CHANNEL_TRAINING into tmp_path, no
data beside the code) prints the original's metric and writes its model into SM_MODEL_DIR, the
laptop run of the migrated script is unchanged, and the pipeline has the one training channel."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
STYLES = [
    # (project, prepare script, run arguments, metric printed, model file)
    ("sqlite-churn", "make_db.py", ["--n-estimators", "30"], "test_auc", "churn_model.joblib"),
    ("imagefolder-cnn", "make_images.py", ["--epochs", "1"], "val_accuracy", "smallnet.pt"),
    ("hf-datafiles", "make_data.py", [], "eval_accuracy", "sentiment.joblib"),
]


def _metric(name: str, text: str) -> list[str]:
    return re.findall(rf"{name}: ([0-9.]+)$", text, re.MULTILINE)


@pytest.mark.parametrize(("project", "prepare", "args", "metric", "model"), STYLES,
                         ids=[s[0] for s in STYLES])
def test_local_data_style_job_reads_channel_laptop_unchanged(
    tmp_path: Path, project: str, prepare: str, args: list[str], metric: str, model: str
) -> None:
    env = plain_env(HF_HUB_OFFLINE="1", HF_DATASETS_CACHE=str(tmp_path / "hf-cache"))
    original = tmp_path / "original"
    shutil.copytree(CORPUS / project, original)
    run_script(original / prepare, [], cwd=original, env=env)
    before = _metric(metric, run_script(original / "train.py", args, cwd=original, env=env).stdout)
    assert before

    out = tmp_path / "out"
    migrate_project(CORPUS / project, out, entry_point="train.py")
    code = out / "code"
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert re.findall(r"channel_name=['\"](\w+)", pipeline) == ["training"]

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())
    job = run_script(code / "train.py", args, cwd=code, env={**env, **container.env()})
    assert _metric(metric, job.stdout) == before
    assert (container.model / model).stat().st_size > 0

    shutil.copytree(original / "data", code / "data")
    laptop = run_script(code / "train.py", args, cwd=code, env=env)
    assert _metric(metric, laptop.stdout) == before
    assert (code / model).is_file()
