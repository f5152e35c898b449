"""Print a few random rows of the training data (handy to build a predict.py input)."""
import sys

import pandas as pd

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
df = pd.read_csv("data/train.csv")
print(df.sample(n, random_state=0).drop(columns=["fault"]).to_csv(index=False), end="")
