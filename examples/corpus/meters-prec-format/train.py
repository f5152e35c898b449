"""A tabular classifier written like the older ImageNet reference script: meters, a
' * Prec@1 X Prec@2 Y' summary printed with str.format, validate() returning the top-1 average
and the best weights saved as model_best.pth."""

import argparse
import os

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

parser = argparse.ArgumentParser()
parser.add_argument("--data-dir", default="data")
parser.add_argument("--epochs", type=int, default=4)
parser.add_argument("--lr", type=float, default=0.05)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--seed", type=int, default=1)


class AverageMeter(object):
    """Computes and stores the average and current value"""

    def __init__(self):
        self.reset()

    def reset(self):
        self.val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count


class MLP(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, classes))

    def forward(self, x):
        return self.layers(x)


def load(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    return TensorDataset(torch.from_numpy(table[:, :4]), torch.from_numpy(table[:, 4]).long())


def accuracy(output, target, topk=(1,)):
    _, pred = output.topk(max(topk), 1, True, True)
    correct = pred.t().eq(target.view(1, -1).expand_as(pred.t()))
    return [correct[:k].reshape(-1).float().sum(0).mul_(100.0 / target.size(0)) for k in topk]


def train(loader, model, criterion, optimizer, epoch):
    losses = AverageMeter()
    model.train()
    for x, y in loader:
        loss = criterion(model(x), y)
        losses.update(loss.item(), x.size(0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print("Epoch: [{0}]\tLoss {loss.avg:.4f}".format(epoch, loss=losses))


def validate(loader, model):
    top1 = AverageMeter()
    top2 = AverageMeter()
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            prec1, prec2 = accuracy(model(x), y, topk=(1, 2))
            top1.update(prec1.item(), x.size(0))
            top2.update(prec2.item(), x.size(0))
    print(" * Prec@1 {top1.avg:.3f} Prec@2 {top2.avg:.3f}".format(top1=top1, top2=top2))
    return top1.avg


def main():
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    train_loader = DataLoader(
        load(os.path.join(args.data_dir, "train.csv")), batch_size=args.batch_size, shuffle=True
    )
    val_loader = DataLoader(load(os.path.join(args.data_dir, "val.csv")), batch_size=args.batch_size)
    model = MLP()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    best_prec1 = 0
    for epoch in range(args.epochs):
        train(train_loader, model, criterion, optimizer, epoch)
        prec1 = validate(val_loader, model)
        if prec1 > best_prec1:
            best_prec1 = prec1
            torch.save(model.state_dict(), "model_best.pth")
    print("best Prec@1: {:.3f}".format(best_prec1))


if __name__ == "__main__":
    main()
