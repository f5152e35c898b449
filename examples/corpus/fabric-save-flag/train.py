"""A small image classifier trained with Lightning Fabric, in the style of Lightning's
examples/fabric/image_classifier: Fabric() + seed_everything, fabric.setup/setup_dataloaders,
fabric.backward, a test pass per epoch, and `fabric.save` of the weights only behind
--save-model. Run: python train.py --epochs 3 --save-model
"""

import argparse
from os import path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from lightning.fabric import Fabric, seed_everything
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, TensorDataset

DATA_FILE = path.join(path.dirname(__file__), "data", "digits.npz")


class SmallNet(nn.Module):
    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, padding=1)
        self.fc1 = nn.Linear(16 * 4 * 4, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv(x)), 2)
        x = torch.flatten(x, 1)
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def tensors(arrays, split):
    images = torch.tensor(arrays[f"x_{split}"], dtype=torch.float32).unsqueeze(1) / 255.0
    return TensorDataset((images - 0.5) / 0.5, torch.tensor(arrays[f"y_{split}"]))


def run(hparams):
    fabric = Fabric(accelerator="cpu", devices=1)
    seed_everything(hparams.seed)
    arrays = np.load(DATA_FILE)
    train_loader = DataLoader(tensors(arrays, "train"), batch_size=hparams.batch_size, shuffle=True)
    test_loader = DataLoader(tensors(arrays, "test"), batch_size=hparams.batch_size)
    train_loader, test_loader = fabric.setup_dataloaders(train_loader, test_loader)

    model = SmallNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=hparams.lr)
    model, optimizer = fabric.setup(model, optimizer)
    scheduler = StepLR(optimizer, step_size=1, gamma=hparams.gamma)

    for epoch in range(1, hparams.epochs + 1):
        model.train()
        for data, target in train_loader:
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            fabric.backward(loss)
            optimizer.step()
        scheduler.step()

        model.eval()
        test_loss, correct = 0.0, 0
        with torch.no_grad():
            for data, target in test_loader:
                output = model(data)
                test_loss += F.nll_loss(output, target, reduction="sum").item()
                correct += (output.argmax(dim=1) == target).sum().item()
        test_loss /= len(test_loader.dataset)
        accuracy = correct / len(test_loader.dataset)
        print(f"Epoch {epoch}: test loss: {test_loss:.4f}, test accuracy: {accuracy:.4f}")

    if hparams.save_model:
        fabric.save(path="digits_cnn.pt", state=model.state_dict())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Fabric digits example")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--gamma", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-model", action="store_true", default=False)
    run(parser.parse_args())
