"""End to end for ec2-mnist through the endpoint: `sagebridge migrate`, `sagebridge run --local` on
a real MNIST slice (1000/300, one epoch, registered as Approved), `sagebridge serve OUT` (which
picks the latest approved version), then `sagebridge invoke OUT digit.png --port P` for test
digits written as PNGs of their raw grey levels. All real subprocesses of this Python.

The classes the endpoint answers are compared with the registered model run here, outside the
product: the example's own `Net` (imported from examples/ec2-mnist/train.py), the archive's
state_dict, and the example's test transform (ToTensor + Normalize((0.1307,), (0.3081,))).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers.mnist import write_mnist_slice

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ec2-mnist"
N_TRAIN, N_TEST = 1000, 300
DIGITS = 6  # test digits sent as PNGs
STARTUP_TIMEOUT_S = 90.0  # bounded wait for `serve` (torch's import dominates); no fixed sleep

pytestmark = pytest.mark.slow


def cli_env() -> dict[str, str]:
    """No $SAGEBRIDGE_HOME: module fixtures run before the autouse fixture that drops it."""
    return {k: v for k, v in os.environ.items() if k != "SAGEBRIDGE_HOME"}


def sagebridge(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sagebridge", *map(str, args)],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=900,
        check=False,  # the tests read the exit code
    )


@contextmanager
def serving(out: Path, logs: Path) -> Iterator[tuple[str, Path]]:
    """`sagebridge serve OUT --port 0`; yields (URL, its stdout file) once /ping answers."""
    from sagebridge.local.endpoint import ping

    record = out / ".sagebridge" / "endpoint.json"  # where serve tells invoke its URL
    logs.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = logs / "serve.out", logs / "serve.err"
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "sagebridge", "serve", str(out), "--port", "0"],
            stdout=stdout,
            stderr=stderr,
            env=cli_env(),
        )
    try:
        url = None
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while url is None and time.monotonic() < deadline and process.poll() is None:
            if record.is_file():
                candidate = json.loads(record.read_text())["url"]
                url = candidate if ping(candidate, timeout=1.0) else None
            if url is None:
                time.sleep(0.2)  # bounded polling for the server to come up
        assert url is not None, (
            f"serve did not come up (exit {process.poll()}): "
            f"{stdout_path.read_text()} {stderr_path.read_text()}"
        )
        yield url, stdout_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0, stderr_path.read_text()


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """(OUT, MNIST slice root, run summary) after one approved local run."""
    root = tmp_path_factory.mktemp("mnist-endpoint")
    out = root / "out"
    migrated = sagebridge("migrate", EXAMPLE, "-o", out)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    data = write_mnist_slice(root / "data", N_TRAIN, N_TEST)
    done = sagebridge(
        "run", out, "--local", "--json", "--data", f"raw={data}",
        "-p", "epochs=1", "-p", "QualityThreshold=0.1", "-p", "ModelApprovalStatus=Approved",
    )  # fmt: skip
    assert done.stdout, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert done.returncode == 0, summary
    assert summary["registered_model"]["approval_status"] == "Approved"
    return out, data, summary


def model_outputs(archive: Path, images: Any, scratch: Path) -> Any:
    """The example's Net with the archive's weights, on the example's test transform."""
    import torch
    from PIL import Image
    from torchvision import transforms

    with tarfile.open(archive) as tar:
        tar.extract("model.pth", scratch, filter="data")
    spec = importlib.util.spec_from_file_location("ec2_mnist_train", EXAMPLE / "train.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    model = example.Net()
    model.load_state_dict(torch.load(scratch / "model.pth", map_location="cpu", weights_only=True))
    model.eval()
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
    )
    batch = torch.stack([transform(Image.fromarray(image, mode="L")) for image in images])
    with torch.no_grad():
        return model(batch).numpy()


def test_served_model_classifies_png_digits_as_the_registered_model(
    registered: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    import numpy as np
    from PIL import Image
    from torchvision import datasets

    out, data, summary = registered
    test = datasets.MNIST(str(data), train=False, download=False)
    assert len(test) == N_TEST
    images = test.data[:DIGITS].numpy()  # raw grey levels 0..255, as the files store them
    pngs = []
    for index, image in enumerate(images):
        path = tmp_path / f"digit-{index}.png"
        Image.fromarray(image, mode="L").save(path)
        pngs.append(path)
    expected = model_outputs(Path(summary["registered_model"]["model_data"]), images, tmp_path)

    with serving(out, tmp_path / "serve") as (url, stdout):
        version = summary["registered_model"]["version"]
        assert f"Serving ec2-mnist-models version {version} (Approved)" in stdout.read_text()
        port = url.rsplit(":", 1)[1]
        classes, outputs = [], []
        for png in pngs:
            answer = sagebridge("invoke", out, png, "--port", port)
            assert answer.returncode == 0, answer.stderr
            document = json.loads(answer.stdout)
            assert len(document["classes"]) == 1
            classes += document["classes"]
            outputs += document["predictions"]

    assert classes == expected.argmax(axis=1).tolist()
    np.testing.assert_allclose(outputs, expected, rtol=0, atol=1e-4)
    labels = test.targets[:DIGITS].tolist()
    assert sum(c == y for c, y in zip(classes, labels)) >= DIGITS // 2  # one epoch learns digits
