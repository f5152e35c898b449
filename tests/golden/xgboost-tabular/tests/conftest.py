"""Shared fixtures: stage data with code/preprocess.py, train once with code/train.py, pack it.

Run from the project folder: `python -m pytest tests`. Everything happens in temporary folders
that stand in for /opt/ml; nothing touches AWS.

Data: the tests need the real churn.csv; set SAGEBRIDGE_TEST_DATA to the folder that
holds it. Without it, the tests that need data are skipped and say so.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parent.parent
CODE = OUT / "code"
ENTRY_POINT = CODE / 'train.py'
TEST_DATA_ENV = 'SAGEBRIDGE_TEST_DATA'
SMOKE_ARGUMENTS = [
    '--num_round', '5',
]
CHANNEL_ENVS = ['SM_CHANNEL_TRAINING']
ARTIFACTS = ['xgboost-model.json']
SMOKE_EXAMPLES = 64


def load_module(path: Path, name: str):
    """Import a generated script as a module (its `main()` does not run)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(arguments: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )


@pytest.fixture(scope="session")
def staged(tmp_path_factory) -> tuple[Path, Path]:
    """(training channel, test set) as code/preprocess.py writes them."""
    root = tmp_path_factory.mktemp("processing")
    if not os.environ.get(TEST_DATA_ENV):
        pytest.skip(f"set {TEST_DATA_ENV} to the folder holding churn.csv (the data is not in this project)")
    raw_dir = Path(os.environ[TEST_DATA_ENV])
    train_dir, test_dir = root / "train", root / "test"
    result = run(
        [str(CODE / "preprocess.py"), "--raw-dir", str(raw_dir), "--train-dir", str(train_dir),
         "--test-dir", str(test_dir)]
    )
    assert result.returncode == 0, result.stderr
    return train_dir, test_dir


@pytest.fixture(scope="session")
def trained(staged, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One short training run of code/train.py under a stand-in /opt/ml."""
    train_dir, _ = staged
    opt_ml = tmp_path_factory.mktemp("opt_ml")
    model_dir = opt_ml / "model"
    env = {
        'SM_MODEL_DIR': str(model_dir),
        'SM_OUTPUT_DIR': str(opt_ml / "output"),
        'SM_OUTPUT_DATA_DIR': str(opt_ml / "output" / "data"),
        'SM_OUTPUT_FAILURE': str(opt_ml / "output" / "failure"),
        'SM_CHECKPOINT_DIR': str(opt_ml / "checkpoints"),
        **{name: str(train_dir) for name in CHANNEL_ENVS},
    }
    for folder in (model_dir, opt_ml / "output" / "data", opt_ml / "checkpoints"):
        folder.mkdir(parents=True)
    result = run([str(ENTRY_POINT), *SMOKE_ARGUMENTS], env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return model_dir, result


@pytest.fixture(scope="session")
def archive(trained, tmp_path_factory) -> Path:
    """model.tar.gz as SageMaker builds it: model files at the root, code/inference.py."""
    model_dir, _ = trained
    target = tmp_path_factory.mktemp("model_input") / 'model.tar.gz'
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(model_dir.iterdir()):
            tar.add(path, arcname=path.name)
        tar.add(CODE / 'inference.py', arcname='code/inference.py')
        tar.add(CODE / 'requirements.txt', arcname='code/requirements.txt')
    return target


@pytest.fixture(scope="session")
def served(archive, tmp_path_factory):
    """The archive unpacked as the serving container does, and its inference module."""
    model_root = tmp_path_factory.mktemp("served")
    with tarfile.open(archive) as tar:
        tar.extractall(model_root)
    inference = load_module(model_root / 'code' / 'inference.py', "served_inference")
    return model_root, inference


@pytest.fixture(scope="session")
def evaluate_module():
    return load_module(CODE / "evaluate.py", "generated_evaluate")
