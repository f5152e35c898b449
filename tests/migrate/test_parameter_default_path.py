"""A data folder that is a function parameter's default (pytorch/examples gat's
`def load_cora(path='./cora')`, called without it) is rewritten where the default is: the
migrated script reads the training channel and prints the original's metric."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

LOADER = textwrap.dedent(
    """
    import os
    import pickle

    import numpy as np


    def load_cora(path="./cora", device="cpu"):
        content = np.genfromtxt(os.path.join(path, "cora.content"), dtype=float)
        return content[:, :-1], content[:, -1], device


    def main():
        features, labels, _ = load_cora(device="cpu")
        weights = np.linalg.lstsq(features, labels, rcond=None)[0]
        error = float(np.mean((features @ weights - labels) ** 2))
        print(f"test mse: {error:.6f}")
        with open("model.pkl", "wb") as f:
            pickle.dump(weights, f)


    if __name__ == "__main__":
        main()
    """
)


def test_the_default_data_folder_becomes_the_training_channel(tmp_path: Path):
    project = tmp_path / "gat"
    (project / "cora").mkdir(parents=True)
    (project / "train.py").write_text(LOADER)
    rng = np.random.default_rng(0)
    features = rng.normal(size=(40, 3))
    target = features @ np.array([1.0, 2.0, 3.0]) + rng.normal(size=40) * 0.1
    np.savetxt(project / "cora" / "cora.content", np.c_[features, target])
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())

    out = tmp_path / "out"
    migrate_project(project, out)
    code = out / "code"
    assert 'def load_cora(path="./cora"' not in (code / "train.py").read_text()
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    (container.channel() / "cora.content").write_bytes(
        (project / "cora" / "cora.content").read_bytes()
    )
    # run from an empty folder: only the channel holds the data
    after = run_script(code / "train.py", [], cwd=container.root, env=plain_env(**container.env()))
    metric = re.compile(r"test mse: ([0-9.]+)")
    assert metric.findall(after.stdout) == metric.findall(before.stdout) != []
    assert (container.model / "model.pkl").is_file()
