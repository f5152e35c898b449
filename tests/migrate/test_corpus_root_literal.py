"""Corpus project torchvision-root-literal (the PyTorch quickstart's style): the migrated
script, run under the container contract from an empty folder, reads FashionMNIST from the
training channel that its generated Preprocess step staged, prints the original's accuracies on
the same seed, and leaves its state_dict and TorchScript in the model dir."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

PROJECT = EXAMPLES / "corpus" / "torchvision-root-literal"
ACCURACY = r"Accuracy: ([0-9.]+)"


def test_same_accuracy_from_the_staged_channel(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "make_stand_in_fashion.py", ["--train", "300", "--test", "100"],
               cwd=original, env=plain_env())
    before = run_script(original / "train.py", [], cwd=original, env=plain_env())

    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    code = out / "code"
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    run_script(
        code / "preprocess.py",
        ["--raw-dir", str(original / "data"), "--train-dir", str(container.channel()),
         "--test-dir", str(tmp_path / "test")],
        cwd=tmp_path, env=plain_env(),
    )
    after = run_script(code / "train.py", [], cwd=container.root, env=plain_env(**container.env()))
    assert re.findall(ACCURACY, after.stdout) == re.findall(ACCURACY, before.stdout) != []
    assert (container.model / "model.pth").is_file() and (container.model / "model.pt").is_file()
