"""Classifier over an exported dataset: CSV shards found with glob, feather files found with
pathlib, a parquet validation set and an npz test set, all under data/.

    python train.py --C 0.5
"""

import argparse
import glob
import os
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    args = parser.parse_args()

    shards = sorted(glob.glob("data/part-*.csv"))
    frames = [pd.read_csv(shard) for shard in shards]
    frames += [pd.read_feather(path) for path in sorted(Path("data").glob("*.feather"))]
    train = pd.concat(frames, ignore_index=True)
    valid = pd.read_parquet("data/valid.parquet")
    test = np.load("data/test.npz")
    print(f"{len(shards)} shards, {len(train)} training rows")

    features = [c for c in train.columns if c != "label"]
    model = LogisticRegression(C=args.C, max_iter=500).fit(train[features], train["label"])
    print(f"valid_accuracy: {accuracy_score(valid['label'], model.predict(valid[features])):.4f}")
    test_x = pd.DataFrame(test["X"], columns=features)
    print(f"test_accuracy: {accuracy_score(test['y'], model.predict(test_x)):.4f}")
    os.makedirs("artifacts", exist_ok=True)
    joblib.dump(model, "artifacts/model.joblib")


if __name__ == "__main__":
    main()
