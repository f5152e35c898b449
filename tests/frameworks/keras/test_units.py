"""Keras analysis, plan, transform and images, piece by piece (issue 13, Keras part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.analyze.keras import find_checkpoint_folders, find_fits
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Dependency, DependencyStatus, Framework, InferenceKind
from sagebridge.plan import build_plan
from sagebridge.plan.image_registries import image_repositories
from sagebridge.plan.images import plan_images
from sagebridge.transform import transform_file

ARGPARSE_CHECKPOINTS = """\
import argparse
import os

import keras

parser = argparse.ArgumentParser()
parser.add_argument("--ckpt-dir", default="ckpts")
parser.add_argument("--epochs", type=int, default=2)
args = parser.parse_args()
model = keras.Sequential([keras.layers.Dense(1)])
callback = keras.callbacks.ModelCheckpoint(os.path.join(args.ckpt_dir, "m-{epoch}.keras"))
history = model.fit([[1.0]], [1.0], epochs=args.epochs, callbacks=[callback])
print(f"loss: {history.history['loss'][-1]}")
"""

CONSTANT_AND_FSTRING = """\
import tensorflow as tf

CHECKPOINTS = "runs/ckpt"
folder = CHECKPOINTS
a = tf.keras.callbacks.ModelCheckpoint(f"{folder}/best.keras")
b = tf.keras.callbacks.BackupAndRestore(backup_dir="backup")
c = tf.keras.callbacks.ModelCheckpoint(config["path"])
"""

FIT_AND_SAVE = """\
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
model.compile(loss="mse")
model.fit(
    np.zeros((4, 2)),
    np.zeros(4),
    epochs=1,
)
loss = model.evaluate(np.zeros((4, 2)), np.zeros(4))
print(f"test_loss: {loss}")
model.save("out/regressor.keras")
"""


def _module(text: str) -> ParsedModule:
    return ParsedModule.parse("train.py", text)


def _project(tmp_path: Path, text: str, requirements: str = "tensorflow==2.19.0\n") -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "train.py").write_text(text)
    (root / "requirements.txt").write_text(requirements)
    return root


def _plan_and_code(root: Path):  # type: ignore[no-untyped-def]
    plan = build_plan(analyze_project(root, "train.py"))
    return plan, transform_file(plan, "train.py", (root / "train.py").read_text())


def test_fit_calls_and_their_model() -> None:
    fits = find_fits(_module(ARGPARSE_CHECKPOINTS))
    assert [(f.line, f.receiver, f.callbacks) for f in fits] == [(12, "model", True)]
    assert find_fits(_module("from sklearn.svm import SVC\nnp.fit(x)\n")) == []


def test_checkpoint_folder_followed_to_the_argparse_default() -> None:
    [folder] = find_checkpoint_folders(_module(ARGPARSE_CHECKPOINTS))
    assert (folder.value, folder.line, folder.argument_line) == ("ckpts", 7, 7)


def test_checkpoint_folder_through_names_fstrings_and_unfollowable() -> None:
    folders = find_checkpoint_folders(_module(CONSTANT_AND_FSTRING))
    found = [(f.callback, f.value, f.line, f.argument_line) for f in folders]
    assert found == [
        ("ModelCheckpoint", "runs/ckpt", 3, None),
        ("BackupAndRestore", "backup", 6, None),
        ("ModelCheckpoint", None, None, None),  # a config dict: reported, left as written
    ]


def test_plan_moves_the_checkpoint_option_out_of_the_hyperparameters(tmp_path: Path) -> None:
    plan, migrated = _plan_and_code(_project(tmp_path, ARGPARSE_CHECKPOINTS))
    assert plan.keras is not None
    assert plan.keras.checkpoint_literals == ((7, "ckpts"),)
    assert plan.keras.backup_fit is None  # the script checkpoints itself
    assert [h.name for h in plan.hyperparameters] == ["epochs"]
    assert 'default=sagebridge_runtime.checkpoint_path("ckpts")' in migrated.code
    assert "sagebridge_runtime.export_keras(model)\n" in migrated.code
    assert migrated.code.index("export_keras") > migrated.code.index("model.fit(")


def test_export_follows_the_scripts_own_save_and_fit_gets_backup(tmp_path: Path) -> None:
    plan, migrated = _plan_and_code(_project(tmp_path, FIT_AND_SAVE))
    assert plan.keras is not None
    assert plan.keras.artifacts == ("1", "regressor.keras")
    lines = migrated.code.splitlines()
    save = next(i for i, line in enumerate(lines) if "regressor.keras" in line)
    assert "SM_MODEL_DIR" in lines[save]
    assert lines[save + 1] == "sagebridge_runtime.export_keras(model)"
    # the multi-line call keeps its layout; BackupAndRestore comes in through callbacks=
    assert "    epochs=1,\n    callbacks=sagebridge_runtime.keras_callbacks(),\n)" in migrated.code


def test_keras_project_is_served_by_tf_serving_with_no_inference_py(tmp_path: Path) -> None:
    plan, _ = _plan_and_code(_project(tmp_path, FIT_AND_SAVE))
    assert plan.steps is not None
    assert plan.steps.inference.kind is InferenceKind.SERVING
    assert "code/inference.py" in plan.steps.left_out_files
    assert plan.images.framework == "tensorflow"
    assert (plan.images.training_version, plan.images.training_py_version) == ("2.19.0", "py312")
    assert plan.images.inference_version == "2.19.0"


@pytest.mark.parametrize(
    ("declared", "training", "inference"),
    [
        ("tensorflow==2.21.0", "2.21.0", "2.20.0"),  # TF Serving's images end earlier
        ("tensorflow>=2.16,<2.19", "2.18.0", "2.18.0"),
        ("tensorflow==2.13.1", "2.13.0", "2.13.0"),
    ],
)
def test_tensorflow_images_from_the_pin(declared: str, training: str, inference: str) -> None:
    dependencies = [Dependency("tensorflow", declared, DependencyStatus.COMPATIBLE)]
    for framework in (Framework.TENSORFLOW, Framework.KERAS):
        images = plan_images(framework, dependencies)
        assert images.framework == "tensorflow"
        assert (images.training_version, images.inference_version) == (training, inference)
        assert images.gpu


def test_tensorflow_registries_for_the_execution_role() -> None:
    repositories = {name for _, name in image_repositories("keras")}
    assert {"tensorflow-training", "tensorflow-inference"} <= repositories


DATASET_LOAD = """\
from tensorflow import keras

(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, validation_data=(x_test, y_test), epochs=1)
print(f"val_loss: {history.history['val_loss'][-1]}")
print(f"val_accuracy: {history.history['val_accuracy'][-1]}")
"""


def test_keras_dataset_load_reads_the_staged_channel_not_a_download_flag(tmp_path: Path) -> None:
    plan, migrated = _plan_and_code(_project(tmp_path, DATASET_LOAD))
    # Preprocess stages the arrays (plan/keras_datasets.py): nothing downloads in the job.
    assert not any("downloads mnist in the training job" in w for w in plan.warnings)
    assert not any("not found" in w or "download=" in w for w in migrated.warnings)
    assert (
        "sagebridge_runtime.keras_dataset('SM_CHANNEL_TRAINING', 'mnist.npz', "
        "lambda: keras.datasets.mnist.load_data())" in migrated.code
    )  # the script's own call kept for runs outside SageMaker


def test_history_metrics_keep_their_direction(tmp_path: Path) -> None:
    plan, _ = _plan_and_code(_project(tmp_path, DATASET_LOAD))
    directions = {m.name: m for m in plan.metrics}
    assert set(directions) >= {"validation_loss", "validation_accuracy"}
    assert plan.objective_metric == "validation_accuracy"
    assert plan.objective_greater_is_better
    loss_only = DATASET_LOAD.replace("print(f\"val_accuracy", "# print(f\"val_accuracy")
    other = tmp_path / "loss_only"
    other.mkdir()
    plan, _ = _plan_and_code(_project(other, loss_only))
    assert plan.objective_metric == "validation_loss"
    assert not plan.objective_greater_is_better


def test_keras_helpers_only_in_a_keras_projects_runtime() -> None:
    import ast

    from sagebridge.render.runtime import render_runtime

    [plain] = render_runtime().values()
    [keras] = render_runtime(keras=True).values()
    assert "def export_keras" not in plain
    defined = {n.name for n in ast.parse(keras).body if isinstance(n, ast.FunctionDef)}
    assert {"export_keras", "checkpoint_path", "keras_callbacks"} <= defined


@pytest.mark.parametrize("script", [ARGPARSE_CHECKPOINTS, FIT_AND_SAVE])
def test_migrated_keras_code_comes_back_unchanged(tmp_path: Path, script: str) -> None:
    from sagebridge.migrate import migrate_project

    first = tmp_path / "first"
    migrate_project(_project(tmp_path, script), first, entry_point="train.py")
    second = tmp_path / "second"
    result = migrate_project(first / "code", second, entry_point="train.py")
    assert (second / "code" / "train.py").read_text() == (first / "code" / "train.py").read_text()
    assert not [w for w in result.warnings if "ModelCheckpoint" in w or "export" in w]
