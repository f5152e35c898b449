"""Writes data/churn.csv, the synthetic stand-in shipped with this project (run once)."""
import pandas as pd
from sklearn.datasets import make_classification

X, y = make_classification(n_samples=1500, n_features=10, n_informative=5, weights=[0.7],
                           random_state=3)
frame = pd.DataFrame(X.round(4), columns=[f"x{i}" for i in range(X.shape[1])])
frame["churned"] = y
frame.to_csv("data/churn.csv", index=False)
