"""Writes data/wine.csv, the synthetic stand-in shipped with this project (run once)."""
import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

X, y = make_classification(n_samples=1200, n_features=12, n_informative=6, random_state=11)
frame = pd.DataFrame(X.round(4), columns=[f"f{i}" for i in range(X.shape[1])])
frame["label"] = y
frame.to_csv("data/wine.csv", index=False)
