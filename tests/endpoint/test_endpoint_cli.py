"""`sagebridge models`, `serve` and `invoke` through the real CLI, each in its own subprocess.

The registry is filled through its API with a real TorchScript MNIST model; `serve --port 0` picks
a free port on 127.0.0.1 and says which on stdout, which is how these tests find it.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from helpers.cli import cli_env, sagebridge, sagebridge_command
from PIL import Image

from endpoint.archives import TorchMnist, torch_logits
from sagebridge.local.registry import ModelPackage, registry_for

STARTUP_TIMEOUT_S = 60.0  # torch's import dominates; bounded, never a fixed sleep


@pytest.fixture
def env() -> dict[str, str]:
    return cli_env()


@pytest.fixture
def out(tmp_path: Path, torch_mnist: TorchMnist) -> Path:
    """OUT with two versions: 1 approved, 2 pending (what a second pipeline run leaves)."""
    out = tmp_path / "out"
    registry = registry_for(out)
    registry.register(
        group="ec2-mnist",
        model_data=torch_mnist.archive,
        approval_status="Approved",
        metrics={"test_accuracy": 0.9},
    )
    registry.register(
        group="ec2-mnist",
        model_data=torch_mnist.archive,
        approval_status="PendingManualApproval",
        metrics={"test_accuracy": 0.95},
        inference_code="code/inference.py",
        description="second run",
    )
    return out


class Server:
    """`sagebridge serve` in a subprocess, its stdout lines read by a thread into a queue."""

    def __init__(self, *args: str | Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            sagebridge_command("serve", *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, prefix: str) -> str:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        self.stop(signal.SIGKILL)
        raise AssertionError(f"no {prefix!r} line; stdout {self.seen}, stderr {self.stderr()}")

    def stop(self, signum: int) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.process.wait(timeout=30)

    def stderr(self) -> str:
        return self.process.stderr.read() if self.process.stderr else ""


@pytest.fixture
def digit_png(tmp_path: Path, torch_mnist: TorchMnist) -> Path:
    """The first MNIST test digit as an 8-bit grey PNG, exactly its original pixels."""
    path = tmp_path / "digit.png"
    Image.fromarray(torch_mnist.images[0]).save(path)
    return path


def test_models_json_is_pinned(out: Path, env: dict[str, str]) -> None:
    result = sagebridge("models", out, "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "schema": 1,
        "model_packages": [
            {
                "group": "ec2-mnist",
                "version": 1,
                "approval_status": "Approved",
                "metrics": {"test_accuracy": 0.9},
                "model_data": ".sagebridge/model-packages/ec2-mnist/1/model.tar.gz",
                "inference_code": None,
                "description": "",
                "created_order": 1,
            },
            {
                "group": "ec2-mnist",
                "version": 2,
                "approval_status": "PendingManualApproval",
                "metrics": {"test_accuracy": 0.95},
                "model_data": ".sagebridge/model-packages/ec2-mnist/2/model.tar.gz",
                "inference_code": "code/inference.py",
                "description": "second run",
                "created_order": 2,
            },
        ],
    }


def test_models_table_for_people(out: Path, env: dict[str, str]) -> None:
    result = sagebridge("models", out, env=env)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "ec2-mnist" in line]
    assert len(rows) == 2
    assert "Approved" in rows[0] and "test_accuracy=0.9 " in rows[0]
    assert "PendingManualApproval" in rows[1]
    assert ".sagebridge/model-packages/ec2-mnist/2/model.tar.gz" in rows[1]


def test_models_of_an_empty_project_says_so_and_creates_nothing(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = sagebridge("models", tmp_path / "empty", env=env)
    assert result.returncode == 0
    assert "No model registered" in result.stdout
    assert not (tmp_path / "empty").exists()


def test_serve_then_invoke_png_npy_and_a_bad_sample(
    out: Path, env: dict[str, str], digit_png: Path, torch_mnist: TorchMnist, tmp_path: Path
) -> None:
    expected = torch_logits(torch_mnist.model, torch_mnist.images[:1])
    server = Server(out, "--port", "0", env=env)
    try:
        serving = server.wait_for("Serving")
        listening = server.wait_for("Listening on")
        assert serving.startswith("Serving ec2-mnist version 1 (Approved)")  # latest approved
        url = listening.split()[2]
        assert url.startswith("http://127.0.0.1:")
        assert json.loads((out / ".sagebridge" / "endpoint.json").read_text())["url"] == url

        # No --port: invoke finds the running endpoint through OUT.
        png = sagebridge("invoke", out, digit_png, env=env)
        assert png.returncode == 0, png.stderr
        answer = json.loads(png.stdout)
        assert answer["predictions"] == expected.argmax(axis=1).tolist()
        np.testing.assert_allclose(answer["logits"], expected, atol=1e-4)

        npy = tmp_path / "digit.npy"
        np.save(npy, torch_mnist.images[:1])
        port = url.rsplit(":", 1)[1]
        as_npy = sagebridge("invoke", out, npy, "--port", port, "--accept", "text/csv", env=env)
        assert as_npy.returncode == 0, as_npy.stderr
        assert as_npy.stdout.strip() == str(int(expected.argmax()))

        bad = tmp_path / "bad.json"
        bad.write_text("[[0.1, 0.2]]")
        rejected = sagebridge("invoke", out, bad, env=env)
        assert rejected.returncode == 2
        assert "answered 400: expected a batch of 28x28 images" in rejected.stderr
    finally:
        code = server.stop(signal.SIGINT)  # Ctrl-C
    assert code == 0
    assert server.wait_for("Stopped.")
    assert not (out / ".sagebridge" / "endpoint.json").exists()


def test_serve_a_chosen_version_and_stop_on_sigterm(out: Path, env: dict[str, str]) -> None:
    server = Server(out, "--model-version", "2", "--port", "0", env=env)
    try:
        serving = server.wait_for("Serving")
        assert serving.startswith("Serving ec2-mnist version 2 (PendingManualApproval)")
        server.wait_for("Listening on")
    finally:
        code = server.stop(signal.SIGTERM)
    assert code == 0
    assert server.wait_for("Stopped.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--model-version", "9"), "no version 9 (versions: 1, 2)"),
        (("--group", "other"), "no model package group 'other'"),
    ],
)
def test_serve_refuses_what_is_not_registered(
    out: Path, env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = sagebridge("serve", out, *args, "--port", "0", env=env)
    assert result.returncode == 2
    assert message in result.stderr


def test_serve_without_an_approved_version_says_what_to_do(
    tmp_path: Path, env: dict[str, str], torch_mnist: TorchMnist
) -> None:
    out = tmp_path / "pending"
    package: ModelPackage = registry_for(out).register(
        group="g",
        model_data=torch_mnist.archive,
        approval_status="PendingManualApproval",
        metrics={},
    )
    result = sagebridge("serve", out, "--port", "0", env=env)
    assert result.returncode == 2
    assert f"no approved version (v{package.version} PendingManualApproval)" in result.stderr
    assert "--model-version" in result.stderr
    empty = sagebridge("serve", tmp_path / "nothing", "--port", "0", env=env)
    assert empty.returncode == 2 and "no model registered yet" in empty.stderr


def test_invoke_without_an_endpoint_says_how_to_start_one(
    tmp_path: Path, env: dict[str, str], digit_png: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: bound, never listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        result = sagebridge("invoke", tmp_path / "out", digit_png, "--port", str(port), env=env)
    assert result.returncode == 2
    assert f"no endpoint answering at http://127.0.0.1:{port}" in result.stderr
    assert "sagebridge serve OUT" in result.stderr
