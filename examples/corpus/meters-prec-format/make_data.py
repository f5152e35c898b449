"""Writes data/train.csv and data/val.csv: four features, three classes."""

from pathlib import Path

import numpy as np


def main():
    rng = np.random.RandomState(0)
    Path("data").mkdir(exist_ok=True)
    for split, rows in (("train", 300), ("val", 90)):
        x = rng.randn(rows, 4)
        y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)
        table = np.column_stack([x, y])
        header = "f0,f1,f2,f3,label"
        np.savetxt(f"data/{split}.csv", table, delimiter=",", header=header, comments="", fmt="%.5f")


if __name__ == "__main__":
    main()
