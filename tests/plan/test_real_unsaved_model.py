"""PyTorch models the generated evaluate.py/inference.py can't serve: one the script never
saves, one whose forward takes two inputs (a siamese pair); issue 11."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import GateSource, NoEvaluate, NoInference
from sagebridge.plan import build_plan

TRAINER = """
import argparse
import torch
import torch.nn as nn


class Wave(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(1, 8)
        self.head = nn.Linear(8, 1)

    def forward(self, x):
        h, _ = self.cell(x)
        return self.head(h)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=3)
    opt = parser.parse_args()
    torch.manual_seed(0)
    x = torch.randn(16, 1)
    net = Wave()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for step in range(opt.steps):
        optimizer.zero_grad()
        loss = ((net(x) - x) ** 2).mean()
        loss.backward()
        optimizer.step()
        print("test loss:", loss.item())
"""


def _plan(root: Path, source: str):
    root.mkdir()
    (root / "train.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (root / "requirements.txt").write_text("torch\n", encoding="utf-8")
    return build_plan(analyze_project(root, None), read_data_samples(root))


def test_an_unsaved_model_class_gets_no_inference_handler(tmp_path):
    plan = _plan(tmp_path / "wave", TRAINER)
    assert plan.model is None
    assert plan.steps is not None
    assert isinstance(plan.steps.inference, NoInference)
    assert "code/inference.py" in plan.steps.left_out_files


def test_the_same_model_saved_is_a_model_to_load(tmp_path):
    saved = TRAINER + '    torch.save(net.state_dict(), "wave.pth")\n'
    plan = _plan(tmp_path / "wave", saved)
    assert plan.model is not None and plan.model.class_name == "Wave"
    assert plan.steps is not None
    # No exported test set gives a torch handler its input shape here, so there is no endpoint
    # (plan/steps.py), but for that reason, not for a missing model.
    assert isinstance(plan.steps.inference, NoInference)
    assert "input shape" in plan.steps.inference.reason
    assert "saves no model" not in plan.steps.inference.reason


PAIR_TRAINER = """
import torch
import torch.nn as nn
from torchvision import datasets, transforms


class PairNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(784, 16)
        self.head = nn.Linear(32, 1)

    def forward(self, left, right):
        both = torch.cat([self.embed(left.flatten(1)), self.embed(right.flatten(1))], 1)
        return torch.sigmoid(self.head(both))


if __name__ == "__main__":
    test_set = datasets.MNIST("../data", train=False, download=True,
                              transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(test_set, batch_size=8)
    net = PairNet()
    correct = 0
    for images, labels in loader:
        out = net(images, images.flip(0))
        correct += int(((out.squeeze(1) > 0.5) == (labels == labels.flip(0))).sum())
    print(f"Test accuracy: {correct / len(test_set)}")
    torch.save(net.state_dict(), "pair.pt")
"""


def test_a_two_input_model_gets_no_single_batch_evaluate_or_endpoint(tmp_path):
    plan = _plan(tmp_path / "pair", PAIR_TRAINER)
    assert plan.model is not None and plan.model.class_name == "PairNet"
    assert plan.steps is not None
    assert isinstance(plan.steps.evaluate, NoEvaluate)
    assert isinstance(plan.steps.inference, NoInference)
    assert "2 inputs" in plan.steps.evaluate.reason
    assert plan.gate is GateSource.TRAINING_METRIC
