"""Train the sensor-fault classifier.

    python prepare.py            # once, writes data/
    python train.py --n-estimators 200 --max-depth 10
"""
import argparse
import os

import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = ["temperature", "vibration", "pressure", "rpm", "age_days"]
TARGET = "fault"


def parse_args():
    parser = argparse.ArgumentParser(description="Train the sensor-fault classifier")
    parser.add_argument("--data-dir", default="data", help="folder with train.csv and test.csv")
    parser.add_argument("--model-dir", default="models", help="where model.joblib is written")
    parser.add_argument("--n-estimators", type=int, default=150)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument("--min-samples-leaf", type=int, default=2)
    parser.add_argument("--class-weight", default="balanced")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def main():
    args = parse_args()
    train = pd.read_csv(os.path.join(args.data_dir, "train.csv"))
    test = pd.read_csv(os.path.join(args.data_dir, "test.csv"))

    model = make_pipeline(
        StandardScaler(),
        RandomForestClassifier(
            n_estimators=args.n_estimators,
            max_depth=args.max_depth,
            min_samples_leaf=args.min_samples_leaf,
            class_weight=args.class_weight,
            random_state=args.seed,
            n_jobs=1,
        ),
    )
    model.fit(train[FEATURES], train[TARGET])

    pred = model.predict(test[FEATURES])
    print(f"test precision: {precision_score(test[TARGET], pred):.4f}")
    print(f"test recall: {recall_score(test[TARGET], pred):.4f}")
    print(f"test f1: {f1_score(test[TARGET], pred):.4f}")

    os.makedirs(args.model_dir, exist_ok=True)
    joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))


if __name__ == "__main__":
    main()
