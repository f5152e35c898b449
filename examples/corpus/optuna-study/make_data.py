"""Write data/train.csv: a seeded binary classification table (600 rows, 6 features)."""

from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n = 600
x = rng.normal(size=(n, 6))
logit = 1.2 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + rng.normal(scale=0.8, size=n)
frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(6)]).round(4)
frame["label"] = (logit > 0).astype(int)
Path("data").mkdir(exist_ok=True)
frame.to_csv("data/train.csv", index=False)
print(f"wrote data/train.csv ({n} rows)")
