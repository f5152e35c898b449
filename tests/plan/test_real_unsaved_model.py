"""A PyTorch model class the script never saves: no inference handler, no endpoint (issue 11)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples, read_sources
from sagebridge.model import NoInference
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
    return build_plan(analyze_project(root, None), read_sources(root), read_data_samples(root))


def test_an_unsaved_model_class_gets_no_inference_handler(tmp_path):
    plan = _plan(tmp_path / "wave", TRAINER)
    assert plan.model is None
    assert plan.steps is not None
    assert isinstance(plan.steps.inference, NoInference)
    assert "code/inference.py" in plan.steps.left_out_files


def test_the_same_model_saved_keeps_its_inference_handler(tmp_path):
    saved = TRAINER + '    torch.save(net.state_dict(), "wave.pth")\n'
    plan = _plan(tmp_path / "wave", saved)
    assert plan.model is not None and plan.model.class_name == "Wave"
    assert plan.steps is not None
    assert not isinstance(plan.steps.inference, NoInference)
