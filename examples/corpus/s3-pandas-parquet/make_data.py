"""Write a seeded house-price feature table into data/ as parquet: what the data lake holds."""

import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
rows = 1000
frame = pd.DataFrame(
    {
        "area": rng.normal(120, 35, rows).round(1),
        "rooms": rng.integers(1, 7, rows),
        "age": rng.integers(0, 80, rows),
        "distance_km": rng.gamma(2.0, 4.0, rows).round(2),
    }
)
frame["price"] = (
    2.1 * frame.area + 9 * frame.rooms - 0.8 * frame.age - 4 * frame.distance_km
    + rng.normal(0, 15, rows)
).round(2)
os.makedirs("data", exist_ok=True)
frame.iloc[:800].to_parquet("data/train.parquet", index=False)
frame.iloc[800:].to_parquet("data/test.parquet", index=False)
print("wrote data/train.parquet, data/test.parquet")
