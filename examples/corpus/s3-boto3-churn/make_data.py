"""Write a seeded churn table into data/ (train.csv, test.csv): what the S3 bucket holds."""

import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
rows = 1200
frame = pd.DataFrame(
    {
        "tenure": rng.integers(1, 72, rows),
        "monthly_charges": rng.normal(65, 20, rows).round(2),
        "support_calls": rng.poisson(2, rows),
        "contract_months": rng.choice([1, 12, 24], rows),
    }
)
score = (
    -0.04 * frame.tenure + 0.03 * frame.monthly_charges + 0.5 * frame.support_calls
    - 0.05 * frame.contract_months + rng.normal(0, 1, rows)
)
frame["churned"] = (score > score.median()).astype(int)
os.makedirs("data", exist_ok=True)
frame.iloc[:900].to_csv("data/train.csv", index=False)
frame.iloc[900:].to_csv("data/test.csv", index=False)
print("wrote data/train.csv, data/test.csv")
