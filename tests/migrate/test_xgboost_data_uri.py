"""XGBoost's data URI (`xgb.DMatrix("x.train?format=libsvm")`, the form its own demos use): the
file before `?format=` is an input like any other, so its folder becomes the training channel
and the options stay on the file name (real scripts, issue 11 section 2)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import numpy as np

from sagebridge.analyze.paths import find_paths
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import PathRole

from .conftest import FakeContainer, plain_env, run_script

# Our own script in the style of XGBoost's guide-python demos: the data folder beside the
# script's folder, reached through __file__, the format given after the file name.
DEMO = textwrap.dedent(
    """
    import os

    import numpy as np
    import xgboost as xgb

    HERE = os.path.dirname(__file__)
    dtrain = xgb.DMatrix(os.path.join(HERE, "../points/points.txt.train?format=libsvm"))
    dvalid = xgb.DMatrix(os.path.join(HERE, "../points/points.txt.valid?format=libsvm"))
    params = {"max_depth": 2, "eta": 0.5, "objective": "binary:logistic", "nthread": 1}
    num_round = 4
    bst = xgb.train(params, dtrain, num_round)
    wrong = np.mean((bst.predict(dvalid) > 0.5) != dvalid.get_label())
    print(f"validation error: {wrong:.4f}")
    bst.save_model("points.json")
    """
)


def _libsvm(path: Path, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(rows, 3))
    labels = (features[:, 0] + 0.5 * features[:, 1] > 0).astype(int)
    lines = [
        f"{label} " + " ".join(f"{j + 1}:{value:.4f}" for j, value in enumerate(row))
        for label, row in zip(labels, features)
    ]
    path.write_text("\n".join(lines) + "\n")


def test_a_dmatrix_uri_names_a_data_folder():
    roles = {p.value: p.role for p in find_paths(ParsedModule.parse("train.py", DEMO))}
    assert roles["../points/points.txt.train?format=libsvm"] is PathRole.DATA


def test_the_migrated_demo_reads_the_channel_and_prints_the_original_metric(tmp_path: Path):
    project, data = tmp_path / "demo", tmp_path / "points"
    project.mkdir()
    data.mkdir()
    (project / "train.py").write_text(DEMO)
    _libsvm(data / "points.txt.train", 200, seed=1)
    _libsvm(data / "points.txt.valid", 80, seed=2)
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())

    out = tmp_path / "out"
    migrate_project(project, out)
    migrated = (out / "code" / "train.py").read_text()
    assert "SM_CHANNEL_TRAINING" in migrated
    assert "points.txt.train?format=libsvm" in migrated
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(data, container.channel())
    shutil.rmtree(data)  # only the channel has the data now
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))

    printed = re.findall(r"validation error: [0-9.]+", before.stdout)
    assert printed, before.stdout
    assert re.findall(r"validation error: [0-9.]+", after.stdout) == printed
    assert (container.model / "points.json").is_file()
