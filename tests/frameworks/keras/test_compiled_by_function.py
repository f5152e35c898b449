"""TensorFlow's regression tutorial compiles its models in a function
(`def build_and_compile_model(norm): ...; model.compile(...); return model`) and trains several
of them; only the last one is saved. Before, only a `compile` on the fitted name counted, so the
gate read the first, throwaway model's loss (logged last by the linear baseline) instead of the
saved model's. Now a model a function compiles and returns counts under the name its call is
assigned to, and the value logged last is the saved model's."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from migrate.conftest import plain_env, run_script

from frameworks.keras.spot import container_in
from sagebridge.analyze.keras_fit_metrics import keras_log_metrics
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project

TUTORIAL = """\
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(120, 3)).astype("float32")
y = (x @ np.array([1.5, -2.0, 0.5]) + 3).astype("float32")
x_test, y_test = x[:30] + 0.05, y[:30]

linear_model = tf.keras.Sequential([layers.Dense(units=1)])
linear_model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss="mean_absolute_error")
linear_model.fit(x, y, epochs=3, verbose=0, validation_split=0.2)
results = {"linear": linear_model.evaluate(x_test, y_test, verbose=0)}


def build_and_compile_model():
    model = tf.keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
    model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.01))
    return model


dnn_model = build_and_compile_model()
dnn_model.fit(x, y, validation_split=0.2, verbose=0, epochs=4)
results["dnn"] = dnn_model.evaluate(x_test, y_test, verbose=0)
np.save("results.npy", np.array([results["linear"], results["dnn"]]))
dnn_model.save("dnn_model.keras")
"""


def test_a_model_compiled_in_a_function_is_read_under_its_assigned_name() -> None:
    found = {
        m.name: m for m in keras_log_metrics(ParsedModule.parse("train.py", TUTORIAL))
    }
    assert found["test_loss"].expression == "float(linear_model.get_metrics_result()['loss'])"
    assert [e for _, e in found["test_loss"].also_at] == [
        "float(dnn_model.get_metrics_result()['loss'])"
    ]
    assert [e for _, e in found["validation_loss"].also_at] == [
        "dnn_model.history.history['val_loss'][-1]"
    ]


def test_the_saved_models_loss_is_logged_last(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(TUTORIAL)
    run_script(project / "train.py", [], cwd=project, env=plain_env())
    out = tmp_path / "out"
    migrate_project(project, out, entry_point="train.py")
    container = container_in(tmp_path / "opt_ml")
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))
    linear, dnn = np.load(project / "results.npy")  # what the original's evaluate returned
    logged = re.findall(r"^test_loss=([0-9.e-]+);$", after.stdout, re.MULTILINE)
    assert [float(v) for v in logged] == [pytest.approx(linear, rel=1e-6), pytest.approx(dnn, rel=1e-6)]
    assert linear != pytest.approx(dnn, rel=1e-3)  # the last logged is the saved model's own
    assert (container.model / "dnn_model.keras").is_file()
