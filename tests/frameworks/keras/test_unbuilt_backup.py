"""A `Sequential` with no input shape (TensorFlow's own tutorials) is built by its first batch;
keras' BackupAndRestore refuses an unbuilt model at `fit`, so the backup the migration adds
must build it from the build config saved beside the backup instead: a fresh job trains, and a
job stopped after epoch 1 resumes at epoch 2 with the backed-up weights."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.conftest import plain_env, run_script

from frameworks.keras.spot import container_in, metric, stopped_then_resumed
from sagebridge.migrate import migrate_project

UNBUILT_FIT = '''\
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


class StopOnce(tf.keras.callbacks.Callback):
    """Dies at the start of epoch 2 the first time (a spot interruption)."""

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == 1 and os.environ.get("MARKER") and not os.path.exists(os.environ["MARKER"]):
            open(os.environ["MARKER"], "w").close()
            sys.exit(3)


tf.keras.utils.set_random_seed(0)
tokens = np.random.default_rng(0).integers(1, 50, size=(96, 12))
labels = (tokens[:, 0] > 25).astype("float32")
train_ds = tf.data.Dataset.from_tensor_slices((tokens[:64], labels[:64])).batch(16)
val_ds = tf.data.Dataset.from_tensor_slices((tokens[64:], labels[64:])).batch(16)

model = tf.keras.Sequential([
    layers.Embedding(50, 8),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(train_ds, validation_data=val_ds, epochs=3, verbose=2, callbacks=[StopOnce()])
loss, accuracy = model.evaluate(val_ds, verbose=0)
print(f"accuracy: {accuracy:.4f}")
'''


def test_unbuilt_sequential_trains_in_a_fresh_job(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(UNBUILT_FIT)
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())
    out = tmp_path / "out"
    migrate_project(project, out, entry_point="train.py")
    container = container_in(tmp_path / "opt_ml")
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))
    assert "callbacks=sagebridge_runtime.keras_callbacks([StopOnce()])" in (code / "train.py").read_text()
    accuracy = metric("accuracy", before.stdout)
    assert accuracy and accuracy == metric("accuracy", after.stdout)
    assert (container.model / "1" / "saved_model.pb").is_file()
    assert not (container.checkpoints / "backup").exists()  # removed once fit finished


def test_unbuilt_sequential_resumes_at_epoch_2_after_a_stop(tmp_path: Path) -> None:
    container, resumed = stopped_then_resumed(tmp_path, UNBUILT_FIT, "tensorflow\nnumpy\n")
    assert re.findall(r"^Epoch (\d+)/3", resumed, re.MULTILINE) == ["2", "3"]
    assert metric("accuracy", resumed)
    assert (container.model / "1" / "saved_model.pb").is_file()
