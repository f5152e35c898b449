"""Pretrained weights fetched from the internet when the job runs (torchvision's `weights=` /
`pretrained=True`, timm's `pretrained=True`, `torch.hub.load`) are one Train item to review
each (exit 3), naming the line and what to do: the training job may have no internet. They
migrated with exit 0 before, and the job failed on the download."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project, needs_review
from sagebridge.model import ArtifactStatus
from sagebridge.plan import build_plan

FINETUNE = '''import argparse

import torch
import torchvision
from torchvision import models
from torchvision.models import ResNet18_Weights, resnet18


def build(name):
    if name == "resnet18":
        return resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)
    if name == "vgg":
        return models.vgg11(pretrained=True)
    if name == "mobile":
        return torchvision.models.mobilenet_v3_small(weights="DEFAULT")
    if name == "hub":
        return torch.hub.load("pytorch/vision", "resnet50", weights="DEFAULT")
    return models.resnet34(weights=None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    model = build(args.arch)
    model.fc = torch.nn.Linear(model.fc.in_features, 2)
    loss = model(torch.randn(2, 3, 64, 64)).sum()
    loss.backward()
    print(f"train loss: {float(loss):.4f}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
'''

NO_DOWNLOAD = '''import argparse

import torch
from torchvision import models


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", default=None)
    args = parser.parse_args()
    model = models.resnet18(weights=args.weights)
    scratch = models.resnet34(weights=None, pretrained=False)
    local = torch.hub.load("./hubconf_dir", "resnet18", source="local")
    print(f"train loss: {float(model(torch.randn(1, 3, 64, 64)).sum()):.4f}", scratch, local)
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
'''


def _src(tmp_path: Path, source: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(source, encoding="utf-8")
    return src


def test_each_weights_download_is_found_with_its_line(tmp_path: Path) -> None:
    found = analyze_project(_src(tmp_path, FINETUNE)).weight_downloads
    assert [(w.line, w.what) for w in found] == [
        (11, "resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)"),
        (13, "vgg11(pretrained=True)"),
        (15, 'mobilenet_v3_small(weights="DEFAULT")'),
        (17, "torch.hub.load(\"pytorch/vision\", \"resnet50\")"),
    ]


def test_weights_download_is_a_train_item_to_review(tmp_path: Path) -> None:
    plan = build_plan(analyze_project(_src(tmp_path, FINETUNE)))
    reviews = [
        (a.name, a.where, a.reason)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW
    ]
    assert [(name, where) for name, where, _ in reviews] == [
        ("Train", "train.py:11"),
        ("Train", "train.py:13"),
        ("Train", "train.py:15"),
        ("Train", "train.py:17"),
    ]
    reason = reviews[0][2]
    assert reason.startswith(
        "resnet18(weights=ResNet18_Weights.IMAGENET1K_V1) downloads pretrained weights in the "
        "training job: it needs internet access"
    )
    assert "upload it with the input data (a channel)" in reason
    assert "load_state_dict" in reason
    assert "\n" not in reason


def test_migrate_exits_for_review_on_a_weights_download(tmp_path: Path) -> None:
    result = migrate_project(_src(tmp_path, FINETUNE), tmp_path / "out")
    where = [a.where for a in needs_review(result) if "pretrained weights" in a.reason]
    assert where == ["train.py:11", "train.py:13", "train.py:15", "train.py:17"]


def test_no_weights_none_or_flag_or_local_hub_is_not_a_download(tmp_path: Path) -> None:
    analysis = analyze_project(_src(tmp_path, NO_DOWNLOAD))
    assert analysis.weight_downloads == ()
    plan = build_plan(analysis)
    assert not [a for a in plan.steps.artifacts if "pretrained weights" in a.reason]
