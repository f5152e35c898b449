"""Writes data/vectors.csv (shipped): 12 noisy clusters in 16 dimensions, one row per point."""
import csv
import os

import numpy as np

rng = np.random.default_rng(7)
n_classes, per_class, dim = 12, 60, 16
centres = rng.normal(0.0, 1.0, size=(n_classes, dim))
os.makedirs("data", exist_ok=True)
with open(os.path.join("data", "vectors.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["label"] + ["f%d" % i for i in range(dim)])
    for c in range(n_classes):
        pts = centres[c] + rng.normal(0.0, 0.6, size=(per_class, dim))
        for p in pts:
            w.writerow([c] + ["%.4f" % v for v in p])
