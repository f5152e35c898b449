"""MNIST classifier with PyTorch Lightning: a LightningModule, a LightningDataModule and the
Trainer, configured with argparse.

    python train.py --max_epochs 2
"""
import argparse
import os

import lightning as L
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, random_split
from torchvision import transforms
from torchvision.datasets import MNIST
import sagebridge_runtime
import sagebridge_lightning


class MNISTDataModule(L.LightningDataModule):
    def __init__(self, data_dir: str = os.environ.get("SM_CHANNEL_TRAINING", "./data"), batch_size: int = 64):
        super().__init__()
        self.data_dir = data_dir
        self.batch_size = batch_size
        self.transform = transforms.Compose(
            [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
        )

    def prepare_data(self):
        # download once (on one process)
        MNIST(self.data_dir, train=True, download=False)
        MNIST(self.data_dir, train=False, download=False)

    def setup(self, stage=None):
        if stage == "fit" or stage is None:
            full = MNIST(self.data_dir, train=True, transform=self.transform)
            n_val = len(full) // 6
            self.mnist_train, self.mnist_val = random_split(
                full, [len(full) - n_val, n_val], generator=torch.Generator().manual_seed(42)
            )

    def train_dataloader(self):
        return DataLoader(self.mnist_train, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.mnist_val, batch_size=self.batch_size)


class LitClassifier(L.LightningModule):
    def __init__(self, hidden_dim: int = 64, learning_rate: float = 1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.l1 = nn.Linear(28 * 28, hidden_dim)
        self.l2 = nn.Linear(hidden_dim, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        return self.l2(torch.relu(self.l1(x)))

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y)
        acc = (logits.argmax(dim=1) == y).float().mean()
        self.log("val_loss", loss, prog_bar=True)
        self.log("val_acc", acc, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--hidden_dim", type=int, default=64)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--max_epochs", type=int, default=3)
    parser.add_argument("--data_dir", default=os.path.join(os.getcwd(), os.environ.get("SM_CHANNEL_TRAINING", "data")))
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_known_args()[0]

    L.seed_everything(args.seed)
    dm = MNISTDataModule(data_dir=args.data_dir, batch_size=args.batch_size)
    model = LitClassifier(args.hidden_dim, args.learning_rate)
    trainer = L.Trainer(max_epochs=args.max_epochs, accelerator="cpu", devices=1,
                        enable_progress_bar=False)
    trainer.fit(model, datamodule=dm)
    for name, value in trainer.callback_metrics.items():
        print(f"{name}: {value.item():.4f}")


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        sagebridge_lightning.install(metrics={"val_loss": "validation_loss", "val_acc": "validation_accuracy"}, monitor="val_acc", mode="max")
        sagebridge_runtime.record_hosts()
        main()
