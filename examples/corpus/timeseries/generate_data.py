"""Generate the series the trainer learns from: run this first.

    python generate_data.py            # writes data/series.csv
"""
import argparse
import os

import numpy as np
import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=800, help="number of time steps")
parser.add_argument("--out", default="data/series.csv")
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
t = np.arange(args.n)
noise = np.zeros(args.n)
for i in range(1, args.n):  # AR(1) noise on top of two seasonalities
    noise[i] = 0.7 * noise[i - 1] + rng.normal(0, 0.15)
value = np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 13) + noise

os.makedirs(os.path.dirname(args.out), exist_ok=True)
pd.DataFrame({"t": t, "value": np.round(value, 5)}).to_csv(args.out, index=False)
print("wrote %d rows to %s" % (args.n, args.out))
