"""Writes data/digits.csv from scikit-learn's bundled 8x8 digits (no download; run once)."""
import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
rows = np.column_stack([digits.data.astype(int), digits.target])
header = ",".join([f"p{i}" for i in range(64)] + ["digit"])
np.savetxt("data/digits.csv", rows, delimiter=",", header=header, comments="", fmt="%d")
