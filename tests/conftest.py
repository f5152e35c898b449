"""Fixtures shared by every test folder; plain helper functions live in tests/helpers/.

`pythonpath = ["tests"]` (pyproject) makes `helpers.*` importable from any folder.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.cli import sagebridge
from helpers.mnist import E2E_TEST, E2E_TRAIN, N_TEST, N_TRAIN, write_mnist_slice
from helpers.moto import moto_server
from helpers.paths import example
from helpers.validated import Validated, validate_once

from sagebridge.migrate import migrate_project


def pytest_configure(config: pytest.Config) -> None:
    """One OpenMP thread per process, and PyTorch loaded before TensorFlow.

    OMP_NUM_THREADS=1 (unless set already), for this process and every subprocess it starts
    (training scripts, `sagebridge run` steps): on the 2-core CI machine, already busy with the
    tests' own processes, torch's and scikit-learn's OpenMP pools oversubscribe the cores and
    spin: test_e2e_mnist.py took 63 s of user CPU with the default, 53 s with one thread.
    Originals and migrated scripts run under the same setting, so compared metrics still match.

    PyTorch's compiled libraries (torch, and triton behind torch.optim) are loaded before any
    test imports TensorFlow: with TensorFlow loaded first, the later import of triton crashes the
    whole test process with SIGSEGV (seen with tensorflow-cpu 2.21 and torch 2.14.1). The other
    order works, and the suite runs both frameworks in this one process."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        from torch.utils._triton import has_triton_package
    except ImportError:  # no torch in this environment: nothing to order
        return
    has_triton_package()


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Generated code imported in this process (aws_ops.build_definition, pipeline.py) sets
    AWS_ENDPOINT_URL and credentials in os.environ for its own moto server; restore the
    environment so later tests' subprocesses don't inherit a dead endpoint."""
    before = dict(os.environ)
    yield
    if dict(os.environ) != before:
        os.environ.clear()
        os.environ.update(before)


@pytest.fixture(autouse=True)
def _sigint_handler_restored() -> Iterator[None]:
    """`cli.main()` run in this process (tests/aws runs commands in-process) ignores SIGINT once
    its exit code is decided, as the real process must; put the handler back so that the
    subprocesses of later tests (serve, stopped with Ctrl-C) don't inherit SIGINT ignored."""
    before = signal.getsignal(signal.SIGINT)
    yield
    if signal.getsignal(signal.SIGINT) != before:
        signal.signal(signal.SIGINT, before)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """migrated(example name) -> OUT of `migrate_project(examples/<name>)`, made once a session.

    Shared by the whole session: tests that change OUT copy it first.
    """
    outs: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in outs:
            out = tmp_path_factory.mktemp(f"migrated-{name}") / name
            migrate_project(example(name), out)
            outs[name] = out
        return outs[name]

    return get


@pytest.fixture(scope="session")
def built(
    migrated: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """built(example name) -> a copy of `migrated(name)` whose pipeline definition is built and
    cached under OUT/.sagebridge, as a first `sagebridge run --local` leaves it; made once a
    session. Tests copy it (shutil.copytree) and run the copy: while pipeline/ and code/ are
    unchanged, its first run reuses the definition instead of building it again (the SDK import
    and a moto server: 6 s of CPU of the 14.5 s a sklearn-digits run takes). Building it is
    proven by every run that starts from a fresh OUT (test_e2e_mnist.py's, tests/faults')."""
    from sagebridge.local.definition import cached_definition
    from sagebridge.local.run.runner import DEFINITIONS_DIR, local_store
    from sagebridge.state import state_dir

    outs: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in outs:
            out = tmp_path_factory.mktemp(f"built-{name}") / name
            shutil.copytree(migrated(name), out)
            cached_definition(out, local_store(out), state_dir(out) / DEFINITIONS_DIR)
            outs[name] = out
        return outs[name]

    return get


@pytest.fixture(scope="session")
def validated(migrated: Callable[[str], Path]) -> Callable[[str], Validated]:
    """validated(example name) -> `validate_project` of `migrated(name)`, run once a session
    (every linter and the generated project's own tests): the validate tests and the
    generated-project tests assert on the same report."""
    done: dict[str, Validated] = {}

    def get(name: str) -> Validated:
        if name not in done:
            done[name] = validate_once(migrated(name))
        return done[name]

    return get


@pytest.fixture(scope="session")
def mnist_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding MNIST/raw/<4 decompressed IDX files>: the first N_TRAIN/N_TEST real
    images of the shared set (readable by torchvision.datasets.MNIST(root, download=False))."""
    return write_mnist_slice(tmp_path_factory.mktemp("mnist-slice"), N_TRAIN, N_TEST)


@pytest.fixture(scope="session")
def mnist_e2e(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(OUT, data root): `sagebridge migrate examples/ec2-mnist` as a user runs it, and its own
    E2E_TRAIN/E2E_TEST slice, made once a session for tests/local/test_e2e_mnist*.py.

    Those modules run OUT with `sagebridge run --local` and share its step cache: a run with the
    same hyperparameters reuses an earlier module's Preprocess/Train/Evaluate (a test that
    needs them to run passes --no-cache). A test that edits OUT edits it for the rest of the
    session: keep such edits to what the later runs may reuse or redo (evaluate.py's comment).
    """
    root = tmp_path_factory.mktemp("mnist-e2e")
    done = sagebridge("migrate", example("ec2-mnist"), "-o", root / "out", timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "out", write_mnist_slice(root / "data", E2E_TRAIN, E2E_TEST)


@pytest.fixture
def moto_url() -> Iterator[str]:
    """A moto server on 127.0.0.1 for one test, started from an empty account (moto keeps its
    state per process, shared by every server in it, the offline definition build's included)."""
    with moto_server() as url:
        yield url
