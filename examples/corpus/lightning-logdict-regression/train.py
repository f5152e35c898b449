"""House-price regression with PyTorch Lightning: `self.log(..., on_epoch=True)` in
training_step, `self.log_dict` in validation_step, the Trainer configured with argparse.

    python make_data.py
    python train.py --max_epochs 3
"""
import argparse

import lightning as L
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split


class PriceRegressor(L.LightningModule):
    def __init__(self, n_features: int = 5, hidden: int = 32, lr: float = 0.01):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("loss", loss, on_step=True, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        pred = self(x)
        self.log_dict({"val_mse": F.mse_loss(pred, y), "val_mae": (pred - y).abs().mean()})

    def on_train_epoch_end(self):
        metrics = self.trainer.callback_metrics
        print(f"epoch {self.current_epoch}: loss {metrics['loss']:.4f} "
              f"val_mse {metrics['val_mse']:.4f} val_mae {metrics['val_mae']:.4f}")

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


def loaders(path, batch_size):
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    data = TensorDataset(torch.from_numpy(table[:, :-1]), torch.from_numpy(table[:, -1]))
    n_val = len(data) // 5
    train, val = random_split(data, [len(data) - n_val, n_val],
                              generator=torch.Generator().manual_seed(0))
    return (DataLoader(train, batch_size=batch_size, shuffle=True),
            DataLoader(val, batch_size=batch_size))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/houses.csv")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--max_epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    L.seed_everything(args.seed)
    train_loader, val_loader = loaders(args.data, args.batch_size)
    model = PriceRegressor(hidden=args.hidden, lr=args.lr)
    trainer = L.Trainer(max_epochs=args.max_epochs, accelerator="cpu", devices=1,
                        enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(model, train_loader, val_loader)


if __name__ == "__main__":
    main()
