"""A module constant made a hyperparameter is overridden before its first use, also when that
use comes before a later constant is set (issue 11, Hyperparameters; keras.io's mnist_convnet:
`num_classes = 10`, read by `to_categorical(y, num_classes)`, then `batch_size`/`epochs`; the
override came after the last setting, too late)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

SCRIPT = textwrap.dedent(
    """
    import pickle

    import numpy as np

    num_classes = 3
    labels = np.eye(num_classes)[np.arange(12) % num_classes]

    epochs = 2
    weights = np.zeros(labels.shape[1])
    for epoch in range(epochs):
        weights += labels.mean(axis=0)
    print("classes:", labels.shape[1], "epochs:", epochs)
    print("train loss:", float(np.abs(weights - 1).mean()))
    with open("model.pkl", "wb") as f:
        pickle.dump(weights, f)
    """
)


def test_an_override_reaches_the_first_use_before_the_last_setting(tmp_path: Path):
    project = tmp_path / "demo"
    project.mkdir()
    (project / "train.py").write_text(SCRIPT)
    out = tmp_path / "out"
    migrate_project(project, out)
    declared = json.loads((out / "metadata.json").read_text())["hyperparameters"]
    assert {"num_classes", "epochs"} <= set(declared)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    code = out / "code"
    after = run_script(
        code / "train.py",
        ["--num_classes", "5", "--epochs", "4"],
        cwd=code,
        env=plain_env(**container.env()),
    )
    assert re.findall(r"classes: (\d+) epochs: (\d+)", after.stdout) == [("5", "4")]
    default = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))
    assert re.findall(r"classes: (\d+) epochs: (\d+)", default.stdout) == [("3", "2")]
