"""Train the churn model: python src/train.py (from the repository root or anywhere)."""
import json
from pathlib import Path

import joblib
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

import pandas as pd

from features import split_target

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "train.csv"
MODELS = ROOT / "models"
REPORTS = ROOT / "reports"

SEED = 2024
TEST_SIZE = 0.2
LEARNING_RATE = 0.1
MAX_ITER = 150
MAX_LEAF_NODES = 15


def main():
    df = pd.read_csv(DATA)
    X, y = split_target(df)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, random_state=SEED, stratify=y
    )

    model = HistGradientBoostingClassifier(
        learning_rate=LEARNING_RATE,
        max_iter=MAX_ITER,
        max_leaf_nodes=MAX_LEAF_NODES,
        random_state=SEED,
    )
    model.fit(X_train, y_train)

    pred = model.predict(X_test)
    acc = accuracy_score(y_test, pred)
    f1 = f1_score(y_test, pred)
    print(f"Test accuracy: {acc:.4f}")
    print(f"Test F1: {f1:.4f}")

    MODELS.mkdir(exist_ok=True)
    joblib.dump(model, MODELS / "churn.joblib")
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "metrics.json").write_text(json.dumps({"accuracy": acc, "f1": f1}, indent=2))
    print(f"saved {MODELS / 'churn.joblib'}")


if __name__ == "__main__":
    main()
