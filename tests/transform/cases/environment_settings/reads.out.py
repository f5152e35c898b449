"""Settings from the environment."""
import os

import numpy as np
import sagebridge_runtime

# SageMaker passes these as --name value: into the variables read below
sagebridge_runtime.environ_settings({"--epochs": "EPOCHS", "--lr": "LR"})

EPOCHS = int(os.environ.get("EPOCHS", 10))
LR = float(os.getenv("LR", "0.01"))


def main():
    print(np.zeros(EPOCHS), LR)
