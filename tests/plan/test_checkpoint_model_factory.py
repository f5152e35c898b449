"""A model built by a module function (`def make_model(n): return nn.Sequential(...)`, the
ImageNet reference style's `model = make_model(...)`) is checkpointed each epoch like a project
model class; before, the plan said "no model assigned before the epoch loop" and a restarted
spot job trained from the start."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.plan import build_plan

SCRIPT = """import torch
from torch import nn


def make_model(classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(4, classes))


def main():
    model = {built}
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(3):
        optimizer.step()
        print(f"val loss {{epoch}}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(
    ("built", "state"),
    [
        pytest.param(
            "make_model(2)", (("model", "model"), ("optimizer", "optimizer")), id="factory"
        ),
        pytest.param("nn.Linear(4, 2)", None, id="library-layer-is-not-a-factory"),
    ],
)
def test_a_factory_built_model_is_checkpointed(
    tmp_path: Path, built: str, state: tuple | None
) -> None:
    (tmp_path / "train.py").write_text(SCRIPT.format(built=built))
    plan = build_plan(analyze_project(tmp_path))
    assert (plan.checkpoint.state if plan.checkpoint else None) == state
