"""A setting read by module-level code before the entry block (the VAE's SIDE)."""
import torch

SIDE = 16
epochs = 2


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(SIDE * SIDE, 8)


model = Net()


def train():
    print(epochs, model)


if __name__ == "__main__":
    train()
