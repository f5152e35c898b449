"""Writes data/train.csv and data/val.csv: y = a noisy linear function of 8 features."""

import csv
import os
import random

random.seed(7)
WEIGHTS = [random.uniform(-1, 1) for _ in range(8)]


def rows(count):
    for _ in range(count):
        x = [random.gauss(0, 1) for _ in WEIGHTS]
        y = sum(w * v for w, v in zip(WEIGHTS, x)) + random.gauss(0, 0.1)
        yield [f"{v:.5f}" for v in x] + [f"{y:.5f}"]


os.makedirs("data", exist_ok=True)
for name, count in (("train", 512), ("val", 128)):
    with open(os.path.join("data", f"{name}.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([f"x{i}" for i in range(8)] + ["y"])
        writer.writerows(rows(count))
