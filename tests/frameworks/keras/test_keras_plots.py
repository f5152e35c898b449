"""`keras.utils.plot_model` (in nearly every keras.io example) must not fail the training job.

pydot and graphviz are not in the TensorFlow training image (nor in this venv): before
transform/keras_plots.py the migrated keras.io structured_data example failed its Train step with
`ImportError: You must install pydot` before training.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project

DRAWN = """\
import numpy as np
import keras
from keras.utils import plot_model

keras.utils.set_random_seed(3)
x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
y = (x.sum(axis=1) > 0).astype("int64")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
keras.utils.plot_model(model, show_shapes=True, rankdir="LR")
plot_model(model)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=2, verbose=0)
print(f"train accuracy: {history.history['accuracy'][-1]:.4f}")
"""


@pytest.fixture(scope="module")
def drawn_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "train.py").write_text(DRAWN)
    (root / "requirements.txt").write_text("tensorflow==2.21.0\n")
    out = root.parent / "out"
    migrate_project(root, out, entry_point="train.py")
    return out / "code"


def test_plot_calls_go_through_the_runtime(drawn_code: Path) -> None:
    code = (drawn_code / "train.py").read_text()
    assert (
        "sagebridge_runtime.optional_plot(keras.utils.plot_model, model, show_shapes=True, "
        'rankdir="LR")' in code
    )
    assert "sagebridge_runtime.optional_plot(plot_model, model)" in code
    assert "def optional_plot(" in (drawn_code / "sagebridge_runtime.py").read_text()


def test_the_job_trains_without_pydot_and_a_laptop_run_fails_as_written(
    drawn_code: Path, tmp_path: Path
) -> None:
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    job = run_script(drawn_code / "train.py", [], cwd=drawn_code, env=plain_env(**container.env()))
    assert job.stdout.count("sagebridge: plot_model skipped: You must install pydot") == 2
    assert "train_accuracy=" in job.stdout
    assert (container.model / "1" / "saved_model.pb").is_file()
    laptop = run_script(drawn_code / "train.py", [], cwd=drawn_code, env=plain_env(), check=False)
    assert laptop.returncode != 0 and "You must install pydot" in laptop.stderr
