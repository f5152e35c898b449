"""Write a stand-in winequality-red.csv (';'-separated, the published file's columns) into data/.

The real file is read by train.py from its URL, which this machine cannot reach. 600 seeded
wine-like rows: eleven physico-chemical features and an integer quality from 3 to 8 that
depends on a few of them.
"""

import os

import numpy as np

COLUMNS = [
    "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
    "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol",
]
MEANS = [8.3, 0.53, 0.27, 2.5, 0.087, 15.9, 46.5, 0.9967, 3.31, 0.66, 10.4]
SCALES = [1.7, 0.18, 0.19, 1.4, 0.047, 10.5, 32.9, 0.0019, 0.15, 0.17, 1.07]

rng = np.random.default_rng(7)
features = rng.normal(MEANS, SCALES, size=(600, len(COLUMNS))).clip(min=0)
score = 5.6 + 0.35 * (features[:, 10] - 10.4) - 1.2 * (features[:, 1] - 0.53)
quality = np.clip(np.rint(score + rng.normal(0, 0.5, size=600)), 3, 8).astype(int)

os.makedirs("data", exist_ok=True)
with open(os.path.join("data", "winequality-red.csv"), "w") as handle:
    handle.write(";".join(f'"{c}"' for c in COLUMNS + ["quality"]) + "\n")
    for row, label in zip(features, quality):
        handle.write(";".join(f"{v:.4f}" for v in row) + f";{label}\n")
print("stand-in winequality-red.csv written to data/")
