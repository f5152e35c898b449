"""A script that reads sys.argv by position runs under SageMaker's `--name value` form: the
migrated script puts each slot back in place (a data path: the channel; a model path: a file
in SM_MODEL_DIR), and on a laptop its positional command line works as before."""

from __future__ import annotations

from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

SCRIPT = """import os
import pickle
import sys

import pandas as pd

if len(sys.argv) != 4:
    sys.stderr.write("usage: train.py features model scale\\n")
    sys.exit(1)

input = sys.argv[1]
output = sys.argv[2]
scale = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0

train = pd.read_csv(os.path.join(input, "train.csv"))
score = float(train["x"].sum()) * scale
print(f"accuracy: {score / 100:.4f}")
with open(output, "wb") as fd:
    pickle.dump({"score": score}, fd)
"""


def test_positional_slots_are_rebuilt_inside_sagemaker_only(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "data" / "features").mkdir(parents=True)
    (src / "train.py").write_text(SCRIPT)
    (src / "data" / "features" / "train.csv").write_text("x\n1\n2\n3\n")
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = out / "code"

    laptop = run_script(
        code / "train.py", ["../../src/data/features", "m.pkl", "3"], cwd=code, env=plain_env()
    )
    assert "accuracy: 0.1800" in laptop.stdout and (code / "m.pkl").is_file()

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.channel(), container.model, container.output_data):
        folder.mkdir(parents=True)
    (container.channel() / "train.csv").write_text("x\n1\n2\n3\n")
    env = plain_env(**container.env())
    job = run_script(code / "train.py", ["--scale", "3"], cwd=code, env=env)
    assert "accuracy: 0.1800" in job.stdout
    assert (container.model / "model.joblib").is_file()
    default = run_script(code / "train.py", [], cwd=code, env=env)  # no hyperparameter passed
    assert "accuracy: 0.1200" in default.stdout
