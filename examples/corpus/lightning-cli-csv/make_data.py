"""Write the tabular data set the model learns from: data/wine.csv (run once)."""
import os

import numpy as np

rng = np.random.default_rng(3)
n = 900
x = rng.normal(size=(n, 6))
w = np.array([1.5, -2.0, 0.7, 0.0, 1.1, -0.4])
label = (x @ w + 0.5 * rng.normal(size=n) > 0).astype(int)
os.makedirs("data", exist_ok=True)
header = ",".join([f"f{i}" for i in range(6)] + ["label"])
np.savetxt("data/wine.csv", np.column_stack([x, label]), delimiter=",", header=header,
           comments="", fmt=["%.5f"] * 6 + ["%d"])
print("wrote %d rows to data/wine.csv" % n)
