"""One-step-ahead forecasting with a GRU. Needs data/series.csv from generate_data.py."""
import argparse
import math
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn


def parse_args():
    p = argparse.ArgumentParser(description="GRU forecaster")
    p.add_argument("--data", default="data/series.csv", help="CSV with a 'value' column")
    p.add_argument("--model-dir", default="models", help="where the trained model is written")
    p.add_argument("--window", type=int, default=16)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--val-fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args()


class Forecaster(nn.Module):
    def __init__(self, hidden, layers):
        super().__init__()
        self.rnn = nn.GRU(1, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :]).squeeze(-1)


def windows(series, window):
    xs = np.stack([series[i:i + window] for i in range(len(series) - window)])
    ys = series[window:]
    return torch.tensor(xs, dtype=torch.float32).unsqueeze(-1), torch.tensor(ys, dtype=torch.float32)


def main():
    args = parse_args()
    torch.manual_seed(args.seed)

    df = pd.read_csv(args.data)
    series = df["value"].to_numpy(dtype=np.float64)
    split = int(len(series) * (1 - args.val_fraction))
    mean, std = series[:split].mean(), series[:split].std()
    series = (series - mean) / std

    x_train, y_train = windows(series[:split], args.window)
    x_val, y_val = windows(series[split - args.window:], args.window)
    print("train windows: %d, validation windows: %d" % (len(x_train), len(x_val)))

    model = Forecaster(args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss()
    g = torch.Generator().manual_seed(args.seed)

    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=g)
        running = 0.0
        for i in range(0, len(perm), args.batch_size):
            idx = perm[i:i + args.batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            running += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            val_mse = loss_fn(model(x_val), y_val).item()
        # RMSE in the original units of the series
        val_rmse = math.sqrt(val_mse) * std
        print("epoch %d: train_mse=%.5f val_rmse=%.5f" % (epoch + 1, running / len(x_train), val_rmse))

    print("Validation RMSE: %.5f" % val_rmse)
    os.makedirs(args.model_dir, exist_ok=True)
    torch.save({"state_dict": model.state_dict(), "mean": mean, "std": std,
                "window": args.window, "hidden": args.hidden, "layers": args.layers},
               os.path.join(args.model_dir, "forecaster.pt"))


if __name__ == "__main__":
    main()
