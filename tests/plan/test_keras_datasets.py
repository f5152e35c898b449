"""keras.datasets loads -> a Preprocess step that stages the loader's arrays, and a channel the
migrated script reads them from (plan/keras_datasets.py, transform/dataset_downloads.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.model import DatasetPreprocess, MigrationPlan, PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.transform import transform_file

FIT = """
model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                          keras.layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1)
loss, accuracy = model.evaluate(x_test, y_test)
print(f"test_accuracy: {accuracy}")
"""


def _plan(tmp_path: Path, code: str) -> MigrationPlan:
    (tmp_path / "train.py").write_text(code)
    return build_plan(analyze_project(tmp_path, "train.py"))


def test_mnist_load_gets_a_preprocess_step_and_the_training_channel(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
        + FIT,
    )
    dataset = plan.dataset
    assert dataset is not None and dataset.kind == "keras" and dataset.name == "mnist"
    assert dataset.raw_files == ("mnist.npz",)
    assert dataset.origins == ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",)
    assert dataset.channel_env == "SM_CHANNEL_TRAINING" and dataset.channel_file == "mnist.npz"
    assert isinstance(plan.steps.preprocess, DatasetPreprocess)
    assert plan.steps.preprocess.kind is PreprocessKind.KERAS
    assert [c.name for c in plan.channels] == ["training"]
    # The "downloads in the training job" warning is gone: nothing downloads there now.
    assert not [w for w in plan.warnings if "downloads mnist" in w]


def test_loader_arguments_from_a_setting_are_staged_with_its_default(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "import argparse\nfrom tensorflow import keras\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--max-features', type=int, default=5000)\n"
        "args = parser.parse_args()\n"
        "(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(\n"
        "    num_words=args.max_features, skip_top=2)\n" + FIT,
    )
    dataset = plan.dataset
    assert dataset is not None and dataset.name == "imdb"
    assert dataset.loader == "tensorflow.keras.datasets.imdb.load_data"
    assert dataset.loader_args == "num_words=5000, skip_top=2"
    assert any("max_features" in note and "5000" in note for note in dataset.notes)


def test_a_script_with_its_own_data_folder_gets_a_separate_channel(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "extra.csv").write_text("a,b\n1,2\n")
    plan = _plan(
        tmp_path,
        "import keras\nimport pandas as pd\nextra = pd.read_csv('data/extra.csv')\n"
        "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n" + FIT,
    )
    assert plan.dataset is not None and plan.dataset.kind == "keras"
    assert [c.name for c in plan.channels] == ["training", "keras_mnist"]
    assert plan.dataset.channel_env == "SM_CHANNEL_KERAS_MNIST"


def test_an_unknown_keras_dataset_gets_no_plan(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.fancy.load_data()\n"
        + FIT,
    )
    assert plan.dataset is None
    assert any("downloads fancy" in w for w in plan.warnings)


@pytest.mark.parametrize("spelling", ["keras.datasets.mnist.load_data()", "mnist.load_data()"])
def test_the_load_reads_the_channel_and_keeps_the_original_call(
    tmp_path: Path, spelling: str
) -> None:
    imports = "import keras\nfrom keras.datasets import mnist\n"
    code = imports + f"(x_train, y_train), (x_test, y_test) = {spelling}\n" + FIT
    plan = _plan(tmp_path, code)
    result = transform_file(plan, "train.py", code)
    assert (
        "= sagebridge_runtime.keras_dataset('SM_CHANNEL_TRAINING', 'mnist.npz', "
        f"lambda: {spelling})" in result.code
    )
    assert "import sagebridge_runtime" in result.code
