"""Lightning's `MNISTDataModule` demo (its generative_adversarial_net template) downloads MNIST
in `prepare_data` like the demo `MNIST` it wraps: before, migrate exited 0 and the training job
downloaded at run time (no internet with network isolation); now it is a Train item to review."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model import ArtifactStatus
from sagebridge.plan import build_plan

GAN = '''
from argparse import ArgumentParser

import torch
from lightning.pytorch import LightningModule, Trainer
from lightning.pytorch.demos.mnist_datamodule import MNISTDataModule


class GAN(LightningModule):
    def __init__(self, lr: float = 0.0002):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(784, 1)

    def training_step(self, batch, batch_idx):
        x, _ = batch
        return self.net(x.view(len(x), -1)).mean()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


def main(args):
    model = GAN(lr=args.lr)
    dm = MNISTDataModule()
    trainer = Trainer(max_epochs=1)
    trainer.fit(model, dm)


if __name__ == "__main__":
    parser = ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.0002)
    main(parser.parse_args())
'''


def test_the_demo_mnist_datamodule_needs_review(tmp_path: Path) -> None:
    (tmp_path / "gan.py").write_text(GAN)
    plan = build_plan(analyze_project(tmp_path, entry_point="gan.py"))
    reviews = [
        (a.name, a.where, a.reason)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW
    ]
    [(step, where, reason)] = reviews
    assert (step, where) == ("Train", "gan.py:25")
    assert reason.startswith("Lightning's demo dataset MNISTDataModule downloads itself")
