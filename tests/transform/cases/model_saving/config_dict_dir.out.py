import os

import torch
import sagebridge_runtime

config = {
    "lr": 0.01,
    "save_dir": os.environ.get("SM_MODEL_DIR", "checkpoints"),
}
net = torch.nn.Linear(2, 1)
torch.save(net.state_dict(), os.path.join(config["save_dir"], "siamese.pt"))
sagebridge_runtime.export_pytorch(net, beside=os.path.join(config["save_dir"], "siamese.pt"))
