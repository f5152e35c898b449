"""Train a small CNN on MNIST.

Runs on my EC2 box (g4dn.xlarge) or on the laptop if there's no GPU.
Data gets downloaded into ./data the first time, the weights end up in ./models.

    python train.py
"""
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torchvision import datasets, transforms
import argparse
import sagebridge_runtime

# --- settings (edit here) ---
data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")
model_save_path = os.path.join(os.environ.get("SM_MODEL_DIR", "./models"), "model.pth")
batch_size = 64
test_batch_size = 1000
epochs = 10
lr = 1.0
gamma = 0.7
seed = 1
log_interval = 10


def _sagebridge_parse_hyperparameters():
    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=batch_size)
    parser.add_argument("--test_batch_size", type=int, default=test_batch_size)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--lr", type=float, default=lr)
    parser.add_argument("--gamma", type=float, default=gamma)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--log_interval", type=int, default=log_interval)
    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        # 64 channels * 12 * 12 after two 3x3 convs and one 2x2 pool on 28x28
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def train(model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % log_interval == 0:
            print(
                "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                    epoch,
                    batch_idx * len(data),
                    len(train_loader.dataset),
                    100.0 * batch_idx / len(train_loader),
                    loss.item(),
                )
            )


def test(model, device, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            # sum up batch loss, we divide by the dataset size below
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()

    test_loss /= len(test_loader.dataset)
    accuracy = 100.0 * correct / len(test_loader.dataset)
    print(
        "\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
            test_loss, correct, len(test_loader.dataset), accuracy
        )
    )
    sagebridge_runtime.log_metric("test_accuracy", correct / len(test_loader.dataset))
    sagebridge_runtime.log_metric("test_loss", test_loss)
    return accuracy


def main():
    torch.manual_seed(seed)

    use_cuda = torch.cuda.is_available()
    device = torch.device("cuda" if use_cuda else "cpu")
    print("Using device:", device)

    train_kwargs = {"batch_size": batch_size, "shuffle": True}
    test_kwargs = {"batch_size": test_batch_size}
    if use_cuda:
        cuda_kwargs = {"num_workers": 1, "pin_memory": True}
        train_kwargs.update(cuda_kwargs)
        test_kwargs.update(cuda_kwargs)

    transform = transforms.Compose(
        [
            transforms.ToTensor(),
            # mean / std of the MNIST training images
            transforms.Normalize((0.1307,), (0.3081,)),
        ]
    )
    train_dataset = datasets.MNIST(data_dir, train=True, download=False, transform=transform)
    test_dataset = datasets.MNIST(data_dir, train=False, download=False, transform=transform)
    train_loader = torch.utils.data.DataLoader(train_dataset, **train_kwargs)
    test_loader = torch.utils.data.DataLoader(test_dataset, **test_kwargs)

    model = Net().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=lr)
    scheduler = StepLR(optimizer, step_size=1, gamma=gamma)

    start = time.time()
    _sagebridge_checkpoints = sagebridge_runtime.Checkpoints(
        model=model, optimizer=optimizer, scheduler=scheduler
    )
    for epoch in range(1, epochs + 1):
        if _sagebridge_checkpoints.done(epoch):  # finished before an interruption
            continue
        train(model, device, train_loader, optimizer, epoch)
        test(model, device, test_loader)
        scheduler.step()
        _sagebridge_checkpoints.save(epoch)
    print("Training took {:.1f} min".format((time.time() - start) / 60))

    # TODO: copy the weights to s3 when the run is good
    os.makedirs(os.path.dirname(model_save_path), exist_ok=True)
    torch.save(model.state_dict(), model_save_path)
    sagebridge_runtime.export_pytorch(model, beside=model_save_path, sample_loader=test_loader)
    print("Saved model to", model_save_path)


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        sagebridge_runtime.record_hosts()
        _sagebridge_args = _sagebridge_parse_hyperparameters()
        batch_size = _sagebridge_args.batch_size
        test_batch_size = _sagebridge_args.test_batch_size
        epochs = _sagebridge_args.epochs
        lr = _sagebridge_args.lr
        gamma = _sagebridge_args.gamma
        seed = _sagebridge_args.seed
        log_interval = _sagebridge_args.log_interval
        main()
