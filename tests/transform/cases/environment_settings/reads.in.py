"""Settings from the environment."""
import os

import numpy as np

EPOCHS = int(os.environ.get("EPOCHS", 10))
LR = float(os.getenv("LR", "0.01"))


def main():
    print(np.zeros(EPOCHS), LR)
