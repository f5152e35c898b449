"""Credit default classifier (LightGBM).

All settings are the constants below. Run from anywhere: paths are relative to this file.
"""
from pathlib import Path

import lightgbm as lgb
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

HERE = Path(__file__).resolve().parent
DATA_PATH = HERE / "data" / "credit.csv"
MODEL_PATH = HERE / "model.txt"

LABEL = "default"
RANDOM_STATE = 7
VALID_SIZE = 0.25
NUM_ROUNDS = 400
EARLY_STOPPING_ROUNDS = 30
LOG_PERIOD = 50

PARAMS = {
    "objective": "binary",
    "metric": "auc",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": RANDOM_STATE,
    "num_threads": 1,
    "deterministic": True,
    "verbose": -1,
}


def load_data():
    df = pd.read_csv(DATA_PATH)
    y = df.pop(LABEL)
    return train_test_split(df, y, test_size=VALID_SIZE, random_state=RANDOM_STATE, stratify=y)


def main():
    X_train, X_valid, y_train, y_valid = load_data()
    train_set = lgb.Dataset(X_train, label=y_train)
    valid_set = lgb.Dataset(X_valid, label=y_valid, reference=train_set)

    booster = lgb.train(
        PARAMS,
        train_set,
        num_boost_round=NUM_ROUNDS,
        valid_sets=[train_set, valid_set],
        valid_names=["train", "valid"],
        callbacks=[
            lgb.early_stopping(EARLY_STOPPING_ROUNDS),
            lgb.log_evaluation(LOG_PERIOD),
        ],
    )

    y_pred = booster.predict(X_valid, num_iteration=booster.best_iteration)
    auc = roc_auc_score(y_valid, y_pred)
    print(f"Best iteration: {booster.best_iteration}")
    print(f"Validation AUC: {auc:.4f}")

    booster.save_model(str(MODEL_PATH))
    print(f"Model written to {MODEL_PATH}")


if __name__ == "__main__":
    main()
