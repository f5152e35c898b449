"""Write the tabular data train.py reads: data/train.csv and data/valid.npz (seeded)."""

import os

import numpy as np

rng = np.random.default_rng(7)
weights = rng.normal(size=8)


def make(count):
    features = rng.normal(size=(count, 8)).astype(np.float32)
    logits = features @ weights + 0.8 * rng.normal(size=count)
    return features, (logits > 0).astype(np.int64)


os.makedirs("data", exist_ok=True)
features, labels = make(2000)
header = ",".join([f"f{i}" for i in range(8)] + ["label"])
np.savetxt("data/train.csv", np.column_stack([features, labels]), delimiter=",",
           header=header, comments="", fmt="%.6f")
features, labels = make(500)
np.savez("data/valid.npz", features=features, labels=labels)
print("wrote data/train.csv and data/valid.npz")
