"""Write the regression table the model learns from: data/houses.csv (run once)."""
import os

import numpy as np

rng = np.random.default_rng(11)
n = 640
x = rng.normal(size=(n, 5))
price = 3.0 + x @ np.array([1.2, -0.8, 0.5, 0.0, 2.0]) + 0.3 * np.sin(3 * x[:, 3])
price += 0.2 * rng.normal(size=n)
os.makedirs("data", exist_ok=True)
header = ",".join([f"x{i}" for i in range(5)] + ["price"])
np.savetxt("data/houses.csv", np.column_stack([x, price]), delimiter=",", header=header,
           comments="", fmt="%.5f")
print("wrote %d rows to data/houses.csv" % n)
