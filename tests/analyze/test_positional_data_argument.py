"""A data folder given as an optional positional argparse argument (pytorch/examples imagenet:
`parser.add_argument("data", nargs="?", default="imagenet")`, then
`ImageFolder(os.path.join(args.data, "train"))`) is the training channel. Its default was not
followed (only `--flag` options were), so the job read `imagenet/` from its working folder."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.model import PathRole

from .conftest import write_tree

TRAIN = '''
import argparse
import os

import torch
from torchvision import datasets, transforms

parser = argparse.ArgumentParser()
parser.add_argument("root", metavar="DIR", nargs="?", default="images", help="dataset folder")
parser.add_argument("--epochs", default=1, type=int)


def run(args):
    train_set = datasets.ImageFolder(os.path.join(args.root, "train"), transforms.ToTensor())
    model = torch.nn.Linear(4, 2)
    for epoch in range(args.epochs):
        print(f"test accuracy: {len(train_set) / 10}")
    torch.save(model.state_dict(), "model.pth")


if __name__ == "__main__":
    run(parser.parse_args())
'''


def test_a_positional_default_is_followed_to_the_data_folder(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "imagenet", {"train.py": TRAIN})
    analysis = analyze_project(src, "train.py")
    roles = {p.value: p.role for p in analysis.hard_coded_paths}
    assert roles.get("images") is PathRole.DATA
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = (out / "code" / "train.py").read_text()
    assert "default=os.environ.get(\"SM_CHANNEL_TRAINING\", \"images\")" in code
