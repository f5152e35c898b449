"""Keras scripts that print no metric themselves (keras.io's bidirectional_lstm_imdb,
text_classification_from_scratch): the gate reads what `fit`'s progress bar and `evaluate` show.

Before analyze/keras_fit_metrics.py such a script migrated with no metric at all (no gate, a
note asking the user to print one) although Keras prints `val_accuracy: 0.85` every epoch.
"""

from __future__ import annotations

import re
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.analyze import analyze_project
from sagebridge.analyze.keras_fit_metrics import keras_log_metrics
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.plan import build_plan

# The keras.io style: module level, no print, metrics only in Keras' own log.
SILENT_FIT = """\
import numpy as np
from tensorflow import keras

keras.utils.set_random_seed(7)
rng = np.random.default_rng(0)
x = rng.normal(size=(96, 4)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("int64")
x_test, y_test = x[:32] + 0.1, y[:32]

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.AUC(name="roc")])
model.fit(x, y, batch_size=16, epochs=2, validation_split=0.25, verbose=2)
model.evaluate(x_test, y_test, verbose=2)
"""


def _module(text: str) -> ParsedModule:
    return ParsedModule.parse("train.py", text)


def _project(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "train.py").write_text(text)
    (root / "requirements.txt").write_text("tensorflow==2.21.0\n")
    return root


def test_fit_and_evaluate_metrics_read_back_after_each_call() -> None:
    found = {m.name: m for m in keras_log_metrics(_module(SILENT_FIT))}
    assert found["validation_accuracy"].expression == "model.history.history['val_accuracy'][-1]"
    assert found["validation_auc"].expression == "model.history.history['val_roc'][-1]"
    assert found["test_accuracy"].expression == "float(model.get_metrics_result()['accuracy'])"
    assert found["test_loss"].line == 15 and not found["test_loss"].greater_is_better
    assert set(found) == {
        "validation_loss", "validation_accuracy", "validation_auc",
        "test_loss", "test_accuracy", "test_auc",
    }  # fmt: skip


def test_only_compiled_keras_models_and_validating_fits() -> None:
    # No validation data: fit logs no held-out value; evaluate on a name that says `val`.
    text = SILENT_FIT.replace(", validation_split=0.25", "").replace(
        "model.evaluate(x_test, y_test", "model.evaluate(x_val, y_val"
    )
    names = {m.name for m in keras_log_metrics(_module(text))}
    assert names == {"validation_loss", "validation_accuracy", "validation_auc"}
    sklearn = "from sklearn.svm import SVC\nclf = SVC()\nclf.fit(x, y)\nclf.evaluate(x)\n"
    assert keras_log_metrics(_module(sklearn)) == []
    no_compile = SILENT_FIT.replace("model.compile(", "other.compile(")
    assert keras_log_metrics(_module(no_compile)) == []


def test_a_second_evaluate_of_the_test_set_is_logged_again() -> None:
    text = (
        SILENT_FIT
        + "wrapped = keras.Model(model.inputs, model.outputs)\n"
        + (
            "wrapped.compile(loss='binary_crossentropy', metrics=['accuracy'])\n"
            "wrapped.evaluate(x_test, y_test)\n"
        )
    )
    found = {m.name: m for m in keras_log_metrics(_module(text))}
    assert found["test_accuracy"].also_at == (
        (18, "float(wrapped.get_metrics_result()['accuracy'])"),
    )


def test_printed_metrics_win_over_keras_log(tmp_path: Path) -> None:
    printed = SILENT_FIT.replace(
        "model.evaluate(x_test, y_test, verbose=2)",
        "score = model.evaluate(x_test, y_test, verbose=0)\nprint('Test accuracy:', score[1])",
    )
    plan = build_plan(analyze_project(_project(tmp_path, printed), "train.py"))
    assert [m.name for m in plan.metrics] == ["test_accuracy"]
    assert plan.metrics[0].expression == "score[1]"


def test_silent_script_gets_a_gate_on_the_value_keras_printed(tmp_path: Path) -> None:
    root = _project(tmp_path, SILENT_FIT)
    plan = build_plan(analyze_project(root, "train.py"))
    assert plan.objective_metric == "test_accuracy" and plan.objective_greater_is_better
    before = run_script(root / "train.py", [], cwd=root, env=plain_env())
    out = tmp_path / "out"
    migrate_project(root, out, entry_point="train.py")
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    after = run_script(
        out / "code" / "train.py", [], cwd=out / "code", env=plain_env(**container.env())
    )
    logged = dict(re.findall(r"^(\w+)=([0-9.e-]+);$", after.stdout, re.MULTILINE))
    # evaluate's last line, `accuracy: 0.6875 - loss: 0.52...`, in the original's own log
    printed = re.findall(r"accuracy: ([0-9.]+) - loss: ([0-9.]+) - roc", before.stdout)[-1]
    assert round(float(logged["test_accuracy"]), 4) == float(printed[0])
    assert round(float(logged["test_loss"]), 4) == float(printed[1])
    val = re.findall(r"val_accuracy: ([0-9.]+)", before.stdout)[-1]
    assert round(float(logged["validation_accuracy"]), 4) == float(val)
    assert (container.model / "1" / "saved_model.pb").is_file()
