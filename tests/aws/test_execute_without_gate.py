"""A pipeline with no gate (the script reports no metric) has no QualityThreshold parameter:
the closing lines, README and guide must not tell the user to pass one to `execute`."""

from __future__ import annotations

from pathlib import Path

from sagebridge.migrate import migrate_project
from sagebridge.model import GateSource

SCRIPT = '''\
import argparse

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(32, 4)
    y = x.sum(dim=1, keepdim=True)
    for epoch in range(args.epochs):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
'''


def test_no_metric_no_threshold_to_pass(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT, encoding="utf-8")
    result = migrate_project(src, tmp_path / "out")
    assert result.plan.gate == GateSource.NONE
    execute = next(step for step in result.plan.aws_steps if step.name == "execute")
    assert execute.line(".") == "sagebridge execute . --wait"
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "QualityThreshold=VALUE" not in readme
    pipeline = (tmp_path / "out" / "pipeline" / "pipeline.py").read_text(encoding="utf-8")
    assert 'name="QualityThreshold"' not in pipeline
