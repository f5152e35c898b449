"""Binary classifier on a CSV table, driven by LightningCLI.

    python main.py fit --config config.yaml
    python main.py fit --trainer.max_epochs 3 --model.learning_rate 0.01 --data.csv_path data/wine.csv
"""
import lightning as L
import pandas as pd
import torch
import torch.nn.functional as F
from lightning.pytorch.cli import LightningCLI
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split


class CSVDataModule(L.LightningDataModule):
    def __init__(self, csv_path: str = "data/wine.csv", batch_size: int = 32, val_fraction: float = 0.2):
        super().__init__()
        self.save_hyperparameters()

    def setup(self, stage=None):
        frame = pd.read_csv(self.hparams.csv_path)
        x = torch.tensor(frame.drop(columns=["label"]).values, dtype=torch.float32)
        y = torch.tensor(frame["label"].values, dtype=torch.long)
        full = TensorDataset(x, y)
        n_val = int(len(full) * self.hparams.val_fraction)
        self.train_set, self.val_set = random_split(
            full, [len(full) - n_val, n_val], generator=torch.Generator().manual_seed(0)
        )

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.hparams.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.hparams.batch_size)


class TabularClassifier(L.LightningModule):
    def __init__(self, n_features: int = 6, hidden: int = 32, learning_rate: float = 0.01):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Linear(hidden, 2))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.log("val_loss", F.cross_entropy(logits, y))
        self.log("val_acc", (logits.argmax(1) == y).float().mean(), prog_bar=True)

    def on_validation_epoch_end(self):
        if not self.trainer.sanity_checking:
            print(f"epoch {self.current_epoch} val_acc={self.trainer.callback_metrics['val_acc']:.4f}")

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.learning_rate, momentum=0.9)


def cli_main():
    LightningCLI(TabularClassifier, CSVDataModule, seed_everything_default=7)


if __name__ == "__main__":
    cli_main()
