"""A setting read by module-level code before the entry block (the VAE's SIDE)."""
import torch
import argparse

SIDE = 16
epochs = 2


def _sagebridge_parse_hyperparameters():
    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=SIDE)
    parser.add_argument("--epochs", type=int, default=epochs)
    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own


_sagebridge_args = _sagebridge_parse_hyperparameters()
SIDE = _sagebridge_args.side
epochs = _sagebridge_args.epochs


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(SIDE * SIDE, 8)


model = Net()


def train():
    print(epochs, model)


if __name__ == "__main__":
    train()
