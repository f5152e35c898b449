"""A PyTorch checkpoint dict of a torchvision model (pytorch/examples imagenet:
`model = models.__dict__[args.arch]()`, `save_checkpoint({"state_dict": model.state_dict(), ...},
filename)` -> `torch.save(state, filename)`) is not an estimator: the tool generated a "complete"
inference.py that joblib-loaded `checkpoint.pth.tar`. No handler is generated; the pipeline still
registers the checkpoint."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.plan import build_plan

TRAIN = '''
import argparse

import torch
import torchvision.models as models

parser = argparse.ArgumentParser()
parser.add_argument("--arch", default="resnet18")
parser.add_argument("--epochs", default=1, type=int)


def save_checkpoint(state, filename="checkpoint.pth.tar"):
    torch.save(state, filename)


def main():
    args = parser.parse_args()
    model = models.__dict__[args.arch]()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(args.epochs):
        print(f"test accuracy: {0.5}")
        save_checkpoint({"arch": args.arch, "state_dict": model.state_dict(),
                         "optimizer": optimizer.state_dict()})


if __name__ == "__main__":
    main()
'''


def test_no_joblib_handler_for_a_torch_checkpoint(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(TRAIN)
    plan = build_plan(analyze_project(tmp_path, entry_point="main.py"))
    assert [save.call for save in plan.analysis.model_saves] == ["torch.save"]
    assert plan.model is None
