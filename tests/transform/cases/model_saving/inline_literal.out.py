import torch
import os
import sagebridge_runtime


def save(model, val_loader, keep):
    if keep:
        torch.save(model.state_dict(), os.path.join(os.environ.get("SM_MODEL_DIR", "."), "mnist_mlp.pt"))
        sagebridge_runtime.export_pytorch(
            model, beside=os.path.join(os.environ.get("SM_MODEL_DIR", "."), "mnist_mlp.pt"), sample_loader=val_loader
        )
