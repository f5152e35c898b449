"""The TensorFlow tutorials' custom training loop (quickstart "advanced"): `mnist =
tf.keras.datasets.mnist` then `mnist.load_data()`, a subclassed Model trained by a GradientTape
loop with no `fit` and no save. Before: the aliased loader was not seen (the job downloaded
MNIST), the epoch loop got torch checkpoints (`import torch` and `state_dict()` in a TF job) and
an empty model archive was registered. Now: Preprocess stages the arrays, the job reads them
from the channel, no torch checkpoints, and the pipeline trains without registering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.analyze import analyze_project
from sagebridge.analyze.downloads import find_downloads
from sagebridge.analyze.module_aliases import module_aliases
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.plan import build_plan

TAPE_LOOP = '''\
import tensorflow as tf

tf.keras.utils.set_random_seed(1)

mnist = tf.keras.datasets.mnist

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
x_train = x_train[..., tf.newaxis].astype("float32")
x_test = x_test[..., tf.newaxis].astype("float32")
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(32)


class TinyModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense = tf.keras.layers.Dense(10)

    def call(self, x):
        return self.dense(self.flatten(x))


model = TinyModel()
loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="test_accuracy")


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = loss_object(labels, model(images, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))


EPOCHS = 2

for epoch in range(EPOCHS):
    test_accuracy.reset_state()
    for images, labels in train_ds:
        train_step(images, labels)
    for images, labels in test_ds:
        test_accuracy(labels, model(images, training=False))
    print(f"Epoch {epoch + 1}, Test Accuracy: {test_accuracy.result() * 100:0.2f}")
'''

# Runs the original offline: keras' loader gets the stand-in file instead of downloading it
# (the published file's hash would not match a stand-in, so the cache can't be used).
OFFLINE = '''\
import os, runpy, sys
import keras.src.datasets.mnist as mnist_module
mnist_module.get_file = lambda *a, **k: os.environ["STANDIN"]
runpy.run_path(sys.argv[1], run_name="__main__")
'''


def test_a_module_alias_is_followed_to_the_loader() -> None:
    module = ParsedModule.parse("train.py", TAPE_LOOP)
    assert module_aliases(module) == {"mnist": "tensorflow.keras.datasets.mnist"}
    downloads = find_downloads(module)
    assert [(d.call, d.dataset, d.line) for d in downloads] == [
        ("tensorflow.keras.datasets.mnist.load_data", "mnist", 7)
    ]


def test_an_alias_assigned_twice_is_not_followed() -> None:
    text = "import tensorflow as tf\nm = tf.keras.datasets.mnist\nm = other\nm.load_data()\n"
    assert module_aliases(ParsedModule.parse("train.py", text)) == {}


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(TAPE_LOOP)
    (project / "requirements.txt").write_text("tensorflow\nnumpy\n")
    return project


def test_plan_stages_mnist_no_torch_checkpoints_nothing_registered(tmp_path: Path) -> None:
    plan = build_plan(analyze_project(_project(tmp_path), "train.py"))
    assert plan.dataset is not None and plan.dataset.kind == "keras"
    assert plan.checkpoint is None
    assert any("GradientTape" in warning for warning in plan.warnings)
    assert not plan.steps.registers_model
    assert plan.images.framework == "tensorflow"


def test_migrated_loop_reads_the_channel_and_prints_the_same_accuracy(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    standin = tmp_path / "mnist.npz"
    np.savez(standin, x_train=rng.integers(0, 255, (256, 28, 28), dtype=np.uint8),
             y_train=rng.integers(0, 10, 256), x_test=rng.integers(0, 255, (64, 28, 28),
             dtype=np.uint8), y_test=rng.integers(0, 10, 64))  # fmt: skip
    project = _project(tmp_path)
    (project / "offline.py").write_text(OFFLINE)
    env = plain_env(STANDIN=str(standin))
    before = run_script(project / "offline.py", ["train.py"], cwd=project, env=env)
    out = tmp_path / "out"
    migrate_project(project, out, entry_point="train.py")
    code = out / "code"
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    shutil.copy(standin, container.channel() / "mnist.npz")  # what Preprocess stages
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))

    pattern = r"Test Accuracy: ([0-9.]+)"
    assert re.findall(pattern, before.stdout)
    assert re.findall(pattern, before.stdout) == re.findall(pattern, after.stdout)
    assert "import torch" not in (code / "train.py").read_text()
    assert not any(container.checkpoints.iterdir())
