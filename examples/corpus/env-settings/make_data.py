"""Writes data/sensors.csv, the synthetic stand-in shipped with this project (run once)."""
import numpy as np

rng = np.random.default_rng(5)
x = rng.normal(size=(800, 6)).round(4)
weights = np.array([0.8, -1.2, 0.5, 0.0, 2.0, -0.3])
noise = rng.normal(scale=0.3, size=800)
y = x @ weights + 0.5 * np.sin(3 * x[:, 0]) + noise
rows = np.column_stack([x, y.round(4)])
header = ",".join([f"s{i}" for i in range(6)] + ["target"])
np.savetxt("data/sensors.csv", rows, delimiter=",", header=header, comments="", fmt="%.4f")
