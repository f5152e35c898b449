"""Shared fixtures: stage data with code/preprocess.py, train once with code/train.py, pack it.

Run from the project folder: `python -m pytest tests`. Everything happens in temporary folders
that stand in for /opt/ml; nothing touches AWS.

Data: by default 200 synthetic rows in the real columns of churn.csv: the names,
kinds and value ranges sagebridge judged from its first 200 rows at migrate time (no row is
copied here), because this project does not ship the data. Set SAGEBRIDGE_TEST_DATA to the folder
holding the real churn.csv to run on it instead.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
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
DATA_FILE = 'churn.csv'
LABEL_COLUMN = 'churn'
SYNTHETIC_ROWS = 200
# churn.csv's columns in file order, as judged from its first 200 rows: each kind
# with its observed range (low..high) or its integer codes; "text" columns get placeholders.
CSV_COLUMNS = [
    {'name': 'customer_id', 'kind': 'text'},
    {'name': 'age', 'kind': 'integer', 'low': 18, 'high': 90},
    {'name': 'senior_citizen', 'kind': 'binary', 'codes': [0, 1]},
    {'name': 'tenure_months', 'kind': 'integer', 'low': 1, 'high': 72},
    {'name': 'contract_type', 'kind': 'category', 'codes': [0, 1, 2]},
    {'name': 'payment_method', 'kind': 'category', 'codes': [0, 1, 2, 3]},
    {'name': 'paperless_billing', 'kind': 'binary', 'codes': [0, 1]},
    {'name': 'num_products', 'kind': 'category', 'codes': [1, 2, 3, 4]},
    {'name': 'monthly_charges', 'kind': 'float', 'low': 18.65, 'high': 110.83, 'decimals': 2},
    {'name': 'total_charges', 'kind': 'float', 'low': 25.8, 'high': 7730.95, 'decimals': 2},
    {'name': 'avg_data_gb', 'kind': 'float', 'low': 0.3, 'high': 48.9, 'decimals': 1},
    {'name': 'support_calls_90d', 'kind': 'integer', 'low': 0, 'high': 12},
    {'name': 'late_payments_12m', 'kind': 'category', 'codes': [0, 1, 2, 3, 4, 5, 6]},
    {'name': 'churn', 'kind': 'binary', 'codes': [0, 1]},
]


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


def synthetic_values(column: dict, rng: np.random.Generator) -> list:
    """SYNTHETIC_ROWS values of one column's kind, inside its observed range or codes."""
    if column["name"] == LABEL_COLUMN and "codes" in column:
        # Every class in turn: each split (the script's, preprocess.py's) holds all of them.
        return [column["codes"][i % len(column["codes"])] for i in range(SYNTHETIC_ROWS)]
    if "codes" in column:
        return rng.choice(column["codes"], SYNTHETIC_ROWS).tolist()
    if column["kind"] == "integer":
        return rng.integers(column["low"], column["high"], SYNTHETIC_ROWS, endpoint=True).tolist()
    if column["kind"] == "float":
        values = rng.uniform(column["low"], column["high"], SYNTHETIC_ROWS)
        return np.round(values, column["decimals"]).tolist()
    return [f"{column['name']}-{i}" for i in range(SYNTHETIC_ROWS)]


def write_synthetic_csv(raw_dir: Path) -> Path:
    """Random rows with the real header, column kinds and ranges of churn.csv, where preprocess.py looks."""
    rng = np.random.default_rng(0)
    columns = [synthetic_values(column, rng) for column in CSV_COLUMNS]
    path = raw_dir / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column["name"] for column in CSV_COLUMNS])
        writer.writerows(zip(*columns))
    return raw_dir


@pytest.fixture(scope="session")
def staged(tmp_path_factory) -> tuple[Path, Path]:
    """(training channel, test set) as code/preprocess.py writes them."""
    root = tmp_path_factory.mktemp("processing")
    raw_dir = Path(os.environ[TEST_DATA_ENV]) if os.environ.get(TEST_DATA_ENV) else None
    if raw_dir is None:
        raw_dir = write_synthetic_csv(root / "raw")
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
