import torch


def save(model, val_loader, keep):
    if keep:
        torch.save(model.state_dict(), "mnist_mlp.pt")
