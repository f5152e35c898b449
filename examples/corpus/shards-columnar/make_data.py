"""Write a seeded dataset the way pipelines export it: CSV shards, parquet, feather and npz."""

import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(5)
rows = 1500
x = rng.normal(size=(rows, 6))
y = (x @ np.array([1.2, -0.7, 0.4, 0.0, 0.9, -1.1]) + rng.normal(0, 0.8, rows) > 0).astype(int)
frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(6)]).round(4)
frame["label"] = y
os.makedirs("data", exist_ok=True)
for number, start in enumerate(range(0, 900, 300)):
    frame.iloc[start:start + 300].to_csv(f"data/part-{number:05d}.csv", index=False)
frame.iloc[900:1100].reset_index(drop=True).to_feather("data/extra.feather")
frame.iloc[1100:1300].to_parquet("data/valid.parquet", index=False)
test = frame.iloc[1300:]
np.savez("data/test.npz", X=test.drop(columns="label").to_numpy(), y=test["label"].to_numpy())
print("wrote data/part-*.csv, extra.feather, valid.parquet, test.npz")
