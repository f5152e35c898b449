"""keras.datasets loads staged by Preprocess (issues 11/13): the keras-mnist-convnet corpus
project run as it is and migrated, on the same stand-in mnist.npz and seed; the generated
preprocess.py's inputs (upload, Keras cache, nothing); the runtime reader."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project
from sagebridge.render.runtime import render_runtime

CORPUS = Path(__file__).resolve().parents[3] / "examples" / "corpus"
PROJECT = "keras-mnist-convnet"


def _metric(name: str, text: str) -> list[str]:
    return re.findall(rf"^{name}: ([0-9.]+)$", text, re.MULTILINE)


def _prepared(tmp_path: Path) -> Path:
    copy = tmp_path / "original"
    shutil.copytree(CORPUS / PROJECT, copy)
    run_script(copy / "make_standin.py", [], cwd=copy, env=plain_env())
    return copy


def _preprocess(code: Path, raw: Path, train: Path, test: Path,
                **env: str) -> subprocess.CompletedProcess[str]:
    arguments = ["--raw-dir", str(raw), "--train-dir", str(train), "--test-dir", str(test)]
    return run_script(code / "preprocess.py", arguments, cwd=code, env=plain_env(**env),
                      check=False)


def test_mnist_convnet_same_metrics_from_the_staged_channel(tmp_path: Path) -> None:
    original = _prepared(tmp_path)
    empty_home = str(tmp_path / "keras_home")  # nothing cached: only the upload can serve
    before = run_script(original / "run_offline.py", ["train.py"], cwd=original,
                        env=plain_env(KERAS_HOME=empty_home))
    out = tmp_path / "out"
    migrate_project(CORPUS / PROJECT, out, entry_point="train.py")
    code = out / "code"
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    staged = _preprocess(code, original / "data", container.channel(), tmp_path / "test",
                         KERAS_HOME=empty_home)
    assert staged.returncode == 0, staged.stderr
    # The loader's own arrays, not a re-implementation of its file format.
    with np.load(container.channel() / "mnist.npz") as arrays, \
            np.load(original / "data" / "mnist.npz") as published:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            assert arrays[key].dtype == published[key].dtype
            assert np.array_equal(arrays[key], published[key])
    # The migrated script reads the channel; it would fail if it tried to download.
    after = run_script(code / "train.py", [], cwd=code,
                       env=plain_env(KERAS_HOME=empty_home, **container.env()))
    accuracy = _metric("Test accuracy", before.stdout)
    assert accuracy and accuracy == _metric("Test accuracy", after.stdout)
    assert _metric("Test loss", before.stdout) == _metric("Test loss", after.stdout)
    assert (container.model / "1" / "saved_model.pb").is_file()  # TF Serving's format
    assert (container.model / "model.keras").is_file()


def test_preprocess_reads_the_keras_cache_and_names_the_file_when_absent(tmp_path: Path) -> None:
    original = _prepared(tmp_path)
    out = tmp_path / "out"
    migrate_project(CORPUS / PROJECT, out, entry_point="train.py")
    code = out / "code"
    home = tmp_path / "keras_home"
    missing = _preprocess(code, tmp_path / "raw", tmp_path / "train", tmp_path / "test",
                          KERAS_HOME=str(home))
    assert missing.returncode == 1
    lines = missing.stderr.strip().splitlines()
    assert "mnist.npz not found under" in lines[-1]
    assert "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz" in lines[-1]
    assert not (tmp_path / "train" / "mnist.npz").exists()  # nothing half-written
    (home / "datasets").mkdir(parents=True)
    shutil.copy(original / "data" / "mnist.npz", home / "datasets" / "mnist.npz")
    cached = _preprocess(code, tmp_path / "raw", tmp_path / "train", tmp_path / "test",
                         KERAS_HOME=str(home))
    assert cached.returncode == 0, cached.stderr
    assert '"examples": 500' in cached.stdout


def test_runtime_reads_object_arrays_in_sagemaker_and_calls_the_loader_elsewhere(
    tmp_path: Path,
) -> None:
    (tmp_path / "sagebridge_runtime.py").write_text(
        render_runtime(keras=True)["sagebridge_runtime.py"]
    )
    reviews = np.empty(2, dtype=object)
    reviews[:] = [[1, 14, 22], [1, 5]]  # imdb's word-index lists
    np.savez(tmp_path / "imdb.npz", x_train=reviews, y_train=np.array([0, 1]),
             x_test=reviews, y_test=np.array([1, 0]))
    probe = (
        "import sagebridge_runtime\n"
        "(x, y), (xt, yt) = sagebridge_runtime.keras_dataset(\n"
        "    'SM_CHANNEL_TRAINING', 'imdb.npz', lambda: (([['loader']], [5]), (0, 0)))\n"
        "print(x[0], [int(v) for v in y])\n"
    )
    inside = subprocess.run([sys.executable, "-c", probe], check=False, cwd=tmp_path, capture_output=True,
                            text=True, env=plain_env(SM_CHANNEL_TRAINING=str(tmp_path)))
    assert inside.stdout.strip() == "[1, 14, 22] [0, 1]", inside.stderr
    laptop = subprocess.run([sys.executable, "-c", probe], check=False, cwd=tmp_path, capture_output=True,
                            text=True, env=plain_env())
    assert laptop.stdout.strip() == "['loader'] [5]", laptop.stderr
