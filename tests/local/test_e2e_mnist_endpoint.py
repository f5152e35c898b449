"""End to end for ec2-mnist through the endpoint: `sagebridge migrate`, `sagebridge run --local` on
a real MNIST slice (1000/300, one epoch, registered as Approved), `sagebridge serve OUT` (which
picks the latest approved version), then `sagebridge invoke OUT digit.png --port P` for test
digits written as PNGs of their raw grey levels. All real subprocesses of this Python.

The classes the endpoint answers are compared with the registered model run here, outside the
product: the example's own `Net` (imported from examples/ec2-mnist/train.py), the archive's
state_dict, and the example's test transform (ToTensor + Normalize((0.1307,), (0.3081,))).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import sagebridge
from helpers.ec2_mnist import example_transform, registered_net
from helpers.mnist import E2E_TEST as N_TEST
from helpers.serving import serving

DIGITS = 6  # test digits sent as PNGs
STARTUP_TIMEOUT_S = 90.0  # bounded wait for `serve` (torch's import dominates); no fixed sleep

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def registered(mnist_e2e: tuple[Path, Path]) -> tuple[Path, Path, dict[str, Any]]:
    """(OUT, MNIST slice root, run summary) after one approved local run.

    OUT is the session's `mnist_e2e`: after test_e2e_mnist.py (which proves every step runs and
    scores the model independently) this run reuses its cached steps and registers an Approved
    version of the model it trained; run alone, it trains that model itself."""
    out, data = mnist_e2e
    done = sagebridge(
        "run", out, "--local", "--json", "--data", f"raw={data}",
        "-p", "epochs=1", "-p", "QualityThreshold=0.1", "-p", "ModelApprovalStatus=Approved", timeout=900,
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

    model, transform = registered_net(archive, scratch), example_transform()
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

    with serving(out, logs=tmp_path / "serve", startup_timeout_s=STARTUP_TIMEOUT_S) as (
        url,
        stdout,
    ):
        version = summary["registered_model"]["version"]
        assert f"Serving ec2-mnist-models version {version} (Approved)" in stdout.read_text()
        port = url.rsplit(":", 1)[1]
        classes, outputs = [], []
        for png in pngs:
            answer = sagebridge("invoke", out, png, "--port", port, timeout=900)
            assert answer.returncode == 0, answer.stderr
            document = json.loads(answer.stdout)
            assert len(document["classes"]) == 1
            classes += document["classes"]
            outputs += document["predictions"]

    assert classes == expected.argmax(axis=1).tolist()
    np.testing.assert_allclose(outputs, expected, rtol=0, atol=1e-4)
    labels = test.targets[:DIGITS].tolist()
    assert sum(c == y for c, y in zip(classes, labels)) >= DIGITS // 2  # one epoch learns digits
