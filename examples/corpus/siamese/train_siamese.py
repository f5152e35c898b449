"""Siamese network on pairs of vectors with a contrastive loss.

Classes 0-8 are used for training, classes 9-11 are never seen in training: the test
asks whether two vectors of unseen classes belong to the same class.
"""
import csv
import os
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent

config = {
    "data_file": str(HERE / "data" / "vectors.csv"),
    "save_dir": "checkpoints",
    "embedding_dim": 8,
    "hidden": 32,
    "margin": 2.0,
    "lr": 0.005,
    "epochs": 15,
    "pairs_per_epoch": 2048,
    "batch_size": 64,
    "train_classes": 9,
    "seed": 3,
}


def load_vectors(path):
    labels, rows = [], []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            labels.append(int(row[0]))
            rows.append([float(v) for v in row[1:]])
    return torch.tensor(rows), torch.tensor(labels)


def make_pairs(x, y, n, generator):
    """Half of the pairs share a class, half do not."""
    by_class = {}
    for i, c in enumerate(y.tolist()):
        by_class.setdefault(c, []).append(i)
    classes = sorted(by_class)
    draws = torch.rand(n, 4, generator=generator).tolist()
    a_idx, b_idx, same = [], [], []
    for k, (u1, u2, u3, u4) in enumerate(draws):
        c = classes[int(u1 * len(classes))]
        a_idx.append(by_class[c][int(u2 * len(by_class[c]))])
        if k % 2 == 0:
            b_idx.append(by_class[c][int(u3 * len(by_class[c]))])
            same.append(1.0)
        else:
            d = classes[(classes.index(c) + 1 + int(u3 * (len(classes) - 1))) % len(classes)]
            b_idx.append(by_class[d][int(u4 * len(by_class[d]))])
            same.append(0.0)
    return x[a_idx], x[b_idx], torch.tensor(same)


class SiameseNet(nn.Module):
    def __init__(self, in_dim, hidden, emb):
        super().__init__()
        self.embed = nn.Sequential(
            nn.Linear(in_dim, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, emb),
        )

    def forward_once(self, x):
        return self.embed(x)

    def forward(self, x1, x2):
        return self.forward_once(x1), self.forward_once(x2)


class ContrastiveLoss(nn.Module):
    def __init__(self, margin):
        super().__init__()
        self.margin = margin

    def forward(self, e1, e2, same):
        d = F.pairwise_distance(e1, e2)
        pos = same * d.pow(2)
        neg = (1 - same) * torch.clamp(self.margin - d, min=0.0).pow(2)
        return (pos + neg).mean()


def main():
    cfg = config
    torch.manual_seed(cfg["seed"])
    g = torch.Generator().manual_seed(cfg["seed"])

    x, y = load_vectors(cfg["data_file"])
    x = (x - x.mean(0)) / x.std(0)
    train_mask = y < cfg["train_classes"]
    x_train, y_train = x[train_mask], y[train_mask]
    x_test, y_test = x[~train_mask], y[~train_mask]

    net = SiameseNet(x.shape[1], cfg["hidden"], cfg["embedding_dim"])
    criterion = ContrastiveLoss(cfg["margin"])
    optimizer = torch.optim.Adam(net.parameters(), lr=cfg["lr"])

    for epoch in range(1, cfg["epochs"] + 1):
        a, b, same = make_pairs(x_train, y_train, cfg["pairs_per_epoch"], g)
        net.train()
        total = 0.0
        for i in range(0, len(same), cfg["batch_size"]):
            e1, e2 = net(a[i:i + cfg["batch_size"]], b[i:i + cfg["batch_size"]])
            loss = criterion(e1, e2, same[i:i + cfg["batch_size"]])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(e1)
        print("epoch %d  train contrastive loss %.4f" % (epoch, total / len(same)))

    # same/different decisions on pairs of classes never seen in training
    net.eval()
    a, b, same = make_pairs(x_test, y_test, 1000, g)
    with torch.no_grad():
        e1, e2 = net(a, b)
        d = F.pairwise_distance(e1, e2)
    pred_same = (d < cfg["margin"] / 2).float()
    accuracy = (pred_same == same).float().mean().item()
    print("Test accuracy (same/different, unseen classes): %.4f" % accuracy)

    os.makedirs(cfg["save_dir"], exist_ok=True)
    torch.save(net.state_dict(), os.path.join(cfg["save_dir"], "siamese.pt"))
    print("saved", os.path.join(cfg["save_dir"], "siamese.pt"))


if __name__ == "__main__":
    main()
