import torch
import os
import sagebridge_runtime

model_save_path = os.path.join(os.environ.get("SM_MODEL_DIR", "./models"), "model.pth")


def save(model, test_loader):
    model.eval()
    # keep the weights
    torch.save(model.state_dict(), model_save_path)
    sagebridge_runtime.export_pytorch(model, beside=model_save_path, sample_loader=test_loader)
    print("saved")
