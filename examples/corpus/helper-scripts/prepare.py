"""Generate the sensor-fault dataset: data/train.csv and data/test.csv.

    python prepare.py [--rows 3000] [--seed 0] [--out data]
"""
import argparse
from pathlib import Path

import numpy as np
import pandas as pd


def make_rows(n, rng):
    temp = rng.normal(60, 8, n)
    vibration = np.abs(rng.normal(0.5, 0.2, n))
    pressure = rng.normal(101, 4, n)
    rpm = rng.normal(1500, 200, n)
    age_days = rng.integers(0, 2000, n)
    score = (
        0.08 * (temp - 60)
        + 3.0 * (vibration - 0.5)
        - 0.05 * (pressure - 101)
        + 0.0006 * age_days
        + rng.normal(0, 0.6, n)
    )
    fault = (score > 0.9).astype(int)
    return pd.DataFrame(
        {
            "temperature": temp.round(3),
            "vibration": vibration.round(4),
            "pressure": pressure.round(3),
            "rpm": rpm.round(1),
            "age_days": age_days,
            "fault": fault,
        }
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="data")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    df = make_rows(args.rows, rng)
    cut = int(len(df) * 0.8)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    df.iloc[:cut].to_csv(out / "train.csv", index=False)
    df.iloc[cut:].to_csv(out / "test.csv", index=False)
    print(f"train: {cut} rows, test: {len(df) - cut} rows, fault rate {df.fault.mean():.3f}")


if __name__ == "__main__":
    main()
