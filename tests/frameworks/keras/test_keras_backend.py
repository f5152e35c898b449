"""Keras 3 on the PyTorch backend (KERAS_BACKEND=torch): Train exports what it can (model.keras,
no TF SavedModel, which Keras makes only from the TensorFlow backend), runs on the PyTorch
image, has no endpoint (stated), and resumes after a spot interruption."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from migrate.conftest import plain_env, run_script

from frameworks.keras.spot import container_in, metric, stopped_then_resumed
from sagebridge.analyze import analyze_project
from sagebridge.analyze.keras_backend import keras_backend
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import ArtifactStatus, InferenceKind
from sagebridge.plan import build_plan

CORPUS = Path(__file__).resolve().parents[3] / "examples" / "corpus" / "keras-torch-backend"


@pytest.mark.parametrize(
    ("text", "backend"),
    [
        ('import os\nos.environ["KERAS_BACKEND"] = "torch"\nimport keras\n', "torch"),
        ('import os\nos.environ.setdefault("KERAS_BACKEND", "jax")\n', "jax"),
        ('import os\nos.environ.update(KERAS_BACKEND="torch")\n', "torch"),
        ('from os import environ\nenviron["KERAS_BACKEND"] = "torch"\n', "torch"),
        ('import os\nos.putenv("KERAS_BACKEND", "torch")\n', "torch"),
        ('import os\nos.environ["KERAS_BACKEND"] = "jax"\nos.environ["KERAS_BACKEND"] = "torch"\n',
         "torch"),
        ('import os\nos.environ["OTHER"] = "torch"\nimport keras\n', "tensorflow"),
        ('import os, sys\nos.environ["KERAS_BACKEND"] = sys.argv[1]\n', None),
    ],
)
def test_backend_the_script_sets(text: str, backend: str | None) -> None:
    assert keras_backend(ParsedModule.parse("train.py", text)) == backend


def test_torch_backend_plan_pytorch_image_no_savedmodel_no_endpoint() -> None:
    plan = build_plan(analyze_project(CORPUS, "train.py"))
    assert plan.keras is not None and plan.keras.backend == "torch"
    assert plan.keras.artifacts == ("tabular_classifier.keras",)  # no "1" (SavedModel)
    assert plan.images.framework == "pytorch"
    assert "torch" not in plan.requirements and "keras>=3.0" in plan.requirements
    assert plan.steps.inference.kind is InferenceKind.NONE
    assert "torch backend exports no TF SavedModel" in plan.steps.inference.reason
    inference = [a for a in plan.steps.artifacts if a.name == "code/inference.py"]
    assert inference and inference[0].status is ArtifactStatus.LEFT_OUT
    assert plan.objective_metric == "validation_accuracy"


def test_tensorflow_backend_still_serves_a_savedmodel(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(CORPUS, project)
    text = (project / "train.py").read_text().replace('"torch"', '"tensorflow"')
    (project / "train.py").write_text(text)
    plan = build_plan(analyze_project(project, "train.py"))
    assert plan.keras is not None and plan.keras.artifacts[0] == "1"
    assert plan.images.framework == "tensorflow"
    assert plan.steps.inference.kind is InferenceKind.SERVING


def test_corpus_torch_backend_same_accuracy_and_keras_file_in_model_dir(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS, original)
    run_script(original / "make_data.py", [], cwd=original, env=plain_env())
    args = ["--epochs", "2"]
    before = run_script(original / "train.py", args, cwd=original, env=plain_env())
    out = tmp_path / "out"
    migrate_project(CORPUS, out, entry_point="train.py")
    container = container_in(tmp_path / "opt_ml")
    shutil.copytree(original / "data", container.channel())
    code = out / "code"
    after = run_script(code / "train.py", args, cwd=code, env=plain_env(**container.env()))

    accuracy = metric("val_accuracy", before.stdout)
    assert accuracy and accuracy == metric("val_accuracy", after.stdout)
    assert metric("val_loss", before.stdout) == metric("val_loss", after.stdout)
    assert "backend: torch" in after.stdout
    assert sorted(p.name for p in container.model.iterdir()) == ["tabular_classifier.keras"]
    assert not (code / "tabular_classifier.keras").exists()
    assert not (out / "code" / "inference.py").exists()


CRASHING_TORCH_FIT = '''\
import os
import sys

os.environ["KERAS_BACKEND"] = "torch"

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
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=3, batch_size=16, verbose=2, callbacks=[StopOnce()])
print(f"accuracy: {history.history['accuracy'][-1]:.4f}")
'''


def test_torch_backend_spot_interruption_resumes_at_epoch_2(tmp_path: Path) -> None:
    container, resumed = stopped_then_resumed(tmp_path, CRASHING_TORCH_FIT, "keras\ntorch\nnumpy\n")
    assert re.findall(r"^Epoch (\d+)/3", resumed, re.MULTILINE) == ["2", "3"]
    assert sorted(p.name for p in container.model.iterdir()) == ["model.keras"]
