"""The urlretrieve-iris corpus project, original vs migrated on the same data and seed: the
original downloads data/iris.csv (run_offline.py serves the URL from the stand-in); the migrated
script, under the container contract, reads the file the user uploaded to the channel and does
not download it. Same printed accuracy, the pickled model in SM_MODEL_DIR."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project

from .conftest import write_net

CORPUS = Path(__file__).resolve().parents[3] / "examples" / "corpus" / "urlretrieve-iris"


def _accuracy(text: str) -> list[str]:
    return re.findall(r"^test accuracy: ([0-9.]+)$", text, re.MULTILINE)


def test_urlretrieve_iris_same_accuracy_channel_file_used_model_in_model_dir(
    tmp_path: Path,
) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS, original)
    run_script(original / "make_standin.py", [], cwd=original, env=plain_env())
    before = run_script(original / "run_offline.py", ["train.py"], cwd=original, env=plain_env())
    assert "downloading https://" in before.stdout and (original / "data" / "iris.csv").is_file()

    out = tmp_path / "out"
    migrate_project(CORPUS, out, entry_point="train.py")
    code = out / "code"
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    # The user uploaded the file the guide names to the input data: it is the training channel.
    shutil.copytree(original / "data", container.channel())
    env = plain_env(**container.env(), NET_MODE="offline", NET_LOG=str(tmp_path / "net.log"))
    after = run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code, env=env)

    assert _accuracy(before.stdout) and _accuracy(before.stdout) == _accuracy(after.stdout)
    assert "downloading" not in after.stdout and not (tmp_path / "net.log").exists()
    with open(container.model / "model.pkl", "rb") as handle:
        assert hasattr(pickle.load(handle), "predict")
    guide = (out / "docs" / "MIGRATION_GUIDE.md").read_text()
    assert "https://example.org/datasets/iris/iris.csv" in guide
