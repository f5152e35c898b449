import argparse
import os

import torch
import sagebridge_runtime

parser = argparse.ArgumentParser()
parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "models"), help="where the model is written")
args = parser.parse_args()
model = torch.nn.Linear(2, 1)
os.makedirs(args.model_dir, exist_ok=True)
torch.save(model.state_dict(), os.path.join(args.model_dir, "forecaster.pt"))
sagebridge_runtime.export_pytorch(model, beside=os.path.join(args.model_dir, "forecaster.pt"))
