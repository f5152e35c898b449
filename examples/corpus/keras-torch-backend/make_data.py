"""Write data/patients.csv, the table train.py reads (seeded, 1200 rows, a binary target)."""

import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
count = 1200
frame = pd.DataFrame(
    {
        "age": rng.integers(25, 80, size=count),
        "chol": rng.normal(230, 40, size=count).round(1),
        "thalach": rng.normal(150, 20, size=count).round(1),
        "oldpeak": rng.gamma(1.5, 0.8, size=count).round(2),
    }
)
score = (
    0.04 * (frame["age"] - 50) + 0.01 * (frame["chol"] - 230) - 0.03 * (frame["thalach"] - 150)
    + 0.6 * frame["oldpeak"] + rng.normal(0, 0.8, size=count)
)
frame["target"] = (score > score.median()).astype(int)
os.makedirs("data", exist_ok=True)
frame.to_csv("data/patients.csv", index=False)
print(f"wrote data/patients.csv ({count} rows)")
