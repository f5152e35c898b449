"""Projects rendered by `sagebridge migrate` from the examples, and real data for them.

Each example is migrated once per session into a temporary OUT. MNIST tests use a real slice
of the shared set (2,000 training and 500 test images), gzipped like the published files.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.mnist import N_TEST, N_TRAIN  # noqa: F401 - the tests import them from here
from helpers.paths import EXAMPLES  # noqa: F401 - the tests import it from here

# `migrated` and `mnist_slice` (session-scoped) come from tests/conftest.py.


@pytest.fixture(scope="session")
def mnist_raw_gz(mnist_slice, tmp_path_factory) -> Path:
    """The same slice gzipped, as a user uploads the published files (flat folder)."""
    raw = tmp_path_factory.mktemp("mnist-raw-gz")
    for path in sorted((mnist_slice / "MNIST" / "raw").iterdir()):
        (raw / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    return raw


def run_script(script: Path, *arguments: str, env: dict[str, str] | None = None,
               cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script), *arguments],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=900,
    )


def run_pytest_in(out: Path, env: dict[str, str] | None = None,
                  *options: str) -> subprocess.CompletedProcess:
    """The generated project's own tests, run from inside OUT as its README says (`options`:
    more pytest options)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", *options],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=out,
        timeout=1800,
    )


def fake_opt_ml(root: Path, channel: Path | None) -> dict[str, str]:
    """SM_* variables pointing into `root`, as the training toolkit sets them."""
    for sub in ("model", "output/data", "checkpoints"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    env = {
        "SM_MODEL_DIR": str(root / "model"),
        "SM_OUTPUT_DIR": str(root / "output"),
        "SM_OUTPUT_DATA_DIR": str(root / "output" / "data"),
        "SM_OUTPUT_FAILURE": str(root / "output" / "failure"),
        "SM_CHECKPOINT_DIR": str(root / "checkpoints"),
    }
    if channel is not None:
        env["SM_CHANNEL_TRAINING"] = str(channel)
    return env


def pack_model(model_dir: Path, code_dir: Path, target_dir: Path) -> Path:
    """model.tar.gz in the contract layout: model files at the root, code/inference.py."""
    import tarfile

    target_dir.mkdir(parents=True, exist_ok=True)
    archive = target_dir / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(model_dir.iterdir()):
            tar.add(path, arcname=path.name)
        tar.add(code_dir / "inference.py", arcname="code/inference.py")
    return archive
