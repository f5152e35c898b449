"""The ec2-mnist example's own model, outside the product: an independent reference in tests.

Its `Net` class is imported from examples/ec2-mnist/train.py, the weights come from a
registered model.tar.gz, and inputs go through the example's own test transform.
"""

from __future__ import annotations

import importlib.util
import tarfile
from pathlib import Path
from typing import Any

from helpers.paths import example

EXAMPLE = example("ec2-mnist")


def registered_net(archive: Path, scratch: Path) -> Any:
    """The example's `Net` with the archive's state_dict (model.pth), in eval mode."""
    import torch

    with tarfile.open(archive) as tar:
        tar.extract("model.pth", scratch, filter="data")
    spec = importlib.util.spec_from_file_location("ec2_mnist_train", EXAMPLE / "train.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    model = example.Net()
    model.load_state_dict(torch.load(scratch / "model.pth", map_location="cpu", weights_only=True))
    model.eval()
    return model


def example_transform() -> Any:
    """The example's transform: ToTensor + Normalize((0.1307,), (0.3081,))."""
    from torchvision import transforms

    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
