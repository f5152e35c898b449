import torch

model_save_path = "./models/model.pth"


def save(model, test_loader):
    model.eval()
    # keep the weights
    torch.save(model.state_dict(), model_save_path)
    print("saved")
