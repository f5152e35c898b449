"""The Keras corpus projects, original vs migrated on the same data and seed, under the container
contract (SM_* variables into tmp_path): the same printed metrics, the model in SM_MODEL_DIR as
the TensorFlow Serving container loads it (SavedModel under 1/) plus .keras, and checkpoints in
the spot-synced folder, resumed after an interruption."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from migrate.conftest import plain_env, run_script

from frameworks.keras.spot import container_in, metric, stopped_then_resumed
from sagebridge.migrate import migrate_project

CORPUS = Path(__file__).resolve().parents[3] / "examples" / "corpus"


def _migrate(tmp_path: Path, name: str) -> Path:
    out = tmp_path / "out"
    migrate_project(CORPUS / name, out, entry_point="train.py")
    return out / "code"


def _prepared(tmp_path: Path, name: str, script: str, env: dict[str, str]) -> Path:
    copy = tmp_path / "original"
    shutil.copytree(CORPUS / name, copy)
    run_script(copy / script, [], cwd=copy, env=env)
    return copy


def test_fashion_fit_same_accuracy_and_savedmodel_for_tf_serving(tmp_path: Path) -> None:
    # load_data() reads $KERAS_HOME: the stand-in files go there, for both runs.
    keras_home = {"KERAS_HOME": str(tmp_path / "keras_home")}
    original = _prepared(tmp_path, "keras-fashion-fit", "make_standin.py", plain_env(**keras_home))
    before = run_script(original / "train.py", [], cwd=original, env=plain_env(**keras_home))
    code = _migrate(tmp_path, "keras-fashion-fit")
    container = container_in(tmp_path / "opt_ml")
    # Preprocess stages the arrays load_data() returns (from the Keras cache here, no upload);
    # in the container the migrated script reads them from the channel.
    staged = ["--raw-dir", str(tmp_path / "raw"), "--train-dir", str(container.channel()),
              "--test-dir", str(tmp_path / "test")]
    run_script(code / "preprocess.py", staged, cwd=code, env=plain_env(**keras_home))
    assert (container.channel() / "fashion_mnist.npz").is_file()
    env = plain_env(**keras_home, **container.env())
    after = run_script(code / "train.py", [], cwd=code, env=env)

    accuracy = metric("test_accuracy", before.stdout)
    assert accuracy and accuracy == metric("test_accuracy", after.stdout)
    assert metric("test_loss", before.stdout) == metric("test_loss", after.stdout)
    assert (container.model / "1" / "saved_model.pb").is_file()
    assert (container.model / "fashion_classifier.keras").is_file()
    assert not (code / "fashion_classifier.keras").exists()  # not left in the working dir
    # BackupAndRestore wrote into the checkpoint folder and removed its backup once finished.
    assert not (container.checkpoints / "backup" / "latest.weights.h5").exists()


def test_checkpoint_resume_same_metrics_checkpoints_in_spot_folder(tmp_path: Path) -> None:
    original = _prepared(tmp_path, "keras-checkpoint-resume", "prepare_data.py", plain_env())
    args = ["--epochs", "2"]
    before = run_script(original / "train.py", args, cwd=original, env=plain_env())
    code = _migrate(tmp_path, "keras-checkpoint-resume")
    container = container_in(tmp_path / "opt_ml")
    shutil.copytree(original / "data", container.channel())
    after = run_script(code / "train.py", args, cwd=code, env=plain_env(**container.env()))

    accuracy = metric("val_accuracy", before.stdout)
    assert accuracy and accuracy == metric("val_accuracy", after.stdout)
    assert metric("val_loss", before.stdout) == metric("val_loss", after.stdout)
    saved = sorted(p.name for p in (container.checkpoints / "checkpoints").iterdir())
    assert saved == ["ckpt-1.keras", "ckpt-2.keras"]
    assert not (code / "checkpoints").exists()
    assert (container.model / "1" / "saved_model.pb").is_file()
    assert (container.model / "model.keras").is_file()


def test_checkpoint_resume_spot_interruption_restarts_after_epoch_1(tmp_path: Path) -> None:
    original = _prepared(tmp_path, "keras-checkpoint-resume", "prepare_data.py", plain_env())
    code = _migrate(tmp_path, "keras-checkpoint-resume")
    container = container_in(tmp_path / "opt_ml")
    shutil.copytree(original / "data", container.channel())
    env = plain_env(**container.env())
    # The job stops after epoch 1 (a spot interruption), then SageMaker restarts it.
    first = run_script(code / "train.py", ["--epochs", "1"], cwd=code, env=env)
    assert "resuming" not in first.stdout
    second = run_script(code / "train.py", ["--epochs", "3"], cwd=code, env=env)
    resumed = re.findall(r"resuming from (\S+) \(epoch (\d+)\)", second.stdout)
    assert resumed == [(str(container.checkpoints / "checkpoints" / "ckpt-1.keras"), "1")]
    epochs = re.findall(r"^Epoch (\d+)/3", second.stdout, re.MULTILINE)
    assert epochs == ["2", "3"]


CRASHING_FIT = '''\
import os
import sys

import keras
import numpy as np


class StopOnce(keras.callbacks.Callback):
    """Dies at the start of epoch 2 the first time (a spot interruption)."""

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == 1 and not os.path.exists(os.environ["MARKER"]):
            open(os.environ["MARKER"], "w").close()
            sys.exit(3)


keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
y = (x.sum(axis=1) > 0).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=3, batch_size=16, verbose=2, callbacks=[StopOnce()])
model.save("model.keras")
'''


def test_fit_without_checkpoints_resumes_through_backup_and_restore(tmp_path: Path) -> None:
    container, resumed = stopped_then_resumed(tmp_path, CRASHING_FIT, "keras\ntensorflow\nnumpy\n")
    assert re.findall(r"^Epoch (\d+)/3", resumed, re.MULTILINE) == ["2", "3"]
    assert (container.model / "1" / "saved_model.pb").is_file()


MIRRORED = '''\
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
y = (x.sum(axis=1) > 0).astype("float32")
strategy = tf.distribute.MirroredStrategy()
print(f"replicas: {strategy.num_replicas_in_sync}")
with strategy.scope():
    model = tf.keras.Sequential(
        [tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=2)
print(f"accuracy: {history.history['accuracy'][-1]:.4f}")
'''


def test_mirrored_strategy_script_still_trains_and_exports(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(MIRRORED)
    (project / "requirements.txt").write_text("tensorflow\nnumpy\n")
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())
    out = tmp_path / "out"
    migrate_project(project, out, entry_point="train.py")
    code = (out / "code" / "train.py").read_text()
    assert "    sagebridge_runtime.export_keras(model)\n" in code  # inside the strategy's scope
    container = container_in(tmp_path / "opt_ml")
    env = plain_env(**container.env())
    after = run_script(out / "code" / "train.py", [], cwd=out / "code", env=env)
    assert metric("accuracy", before.stdout) == metric("accuracy", after.stdout)
    assert metric("accuracy", after.stdout)
    assert (container.model / "1" / "saved_model.pb").is_file()
    assert (container.model / "model.keras").is_file()
