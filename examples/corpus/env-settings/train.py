"""Sensor regression with a small PyTorch MLP, configured the twelve-factor way: every setting
is an environment variable with a default.

    EPOCHS=20 LEARNING_RATE=0.005 python train.py
"""
import os

import numpy as np
import torch
from torch import nn

EPOCHS = int(os.environ.get("EPOCHS", 10))
BATCH_SIZE = int(os.getenv("BATCH_SIZE", "32"))
LEARNING_RATE = float(os.environ.get("LEARNING_RATE", "0.01"))
HIDDEN = int(os.environ.get("HIDDEN", "32"))
WEIGHT_DECAY = float(os.getenv("WEIGHT_DECAY", 0.0001))
ACTIVATION = os.environ.get("ACTIVATION", "relu")
SEED = int(os.environ.get("SEED", "0"))
DATA_FILE = os.environ.get("DATA_FILE", "data/sensors.csv")


class Regressor(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        act = nn.ReLU() if ACTIVATION == "relu" else nn.Tanh()
        self.net = nn.Sequential(nn.Linear(features, hidden), act, nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


def main():
    torch.manual_seed(SEED)
    table = np.loadtxt(DATA_FILE, delimiter=",", skiprows=1, dtype=np.float32)
    x, y = torch.from_numpy(table[:, :-1]), torch.from_numpy(table[:, -1])
    split = int(0.8 * len(x))
    model = Regressor(x.shape[1], HIDDEN)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = nn.MSELoss()
    for epoch in range(EPOCHS):
        order = torch.randperm(split)
        for start in range(0, split, BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    with torch.no_grad():
        val_rmse = torch.sqrt(loss_fn(model(x[split:]), y[split:])).item()
    print(f"val_rmse: {val_rmse:.4f}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
