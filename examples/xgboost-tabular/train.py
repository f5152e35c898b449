"""Customer churn model with XGBoost.

Reads ./data/churn.csv (export from the billing warehouse, one row per customer),
trains a binary classifier and saves it to ./models/xgboost-model.json.

    python train.py
"""
import os

import pandas as pd
import xgboost as xgb
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split

DATA_DIR = "./data"
TRAIN_FILE = os.path.join(DATA_DIR, "churn.csv")
MODEL_DIR = "./models"
MODEL_PATH = "./models/xgboost-model.json"

TARGET = "churn"
ID_COLUMN = "customer_id"

# hyperparameters - tuned by hand on the Q3 export
MAX_DEPTH = 4
ETA = 0.1
NUM_ROUND = 300
EARLY_STOPPING_ROUNDS = 20
SUBSAMPLE = 0.8
COLSAMPLE_BYTREE = 0.8
MIN_CHILD_WEIGHT = 2
VALIDATION_SIZE = 0.2
SEED = 7


def load_data(path):
    df = pd.read_csv(path)
    print("Loaded {} rows, {} columns from {}".format(len(df), df.shape[1], path))
    print("Churn rate: {:.1%}".format(df[TARGET].mean()))
    X = df.drop(columns=[TARGET, ID_COLUMN])
    y = df[TARGET]
    return X, y


def main():
    X, y = load_data(TRAIN_FILE)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=VALIDATION_SIZE, random_state=SEED, stratify=y
    )
    print("Train: {} rows, validation: {} rows".format(len(X_train), len(X_val)))

    dtrain = xgb.DMatrix(X_train, label=y_train)
    dval = xgb.DMatrix(X_val, label=y_val)

    params = {
        "objective": "binary:logistic",
        "eval_metric": ["logloss", "auc"],
        "max_depth": MAX_DEPTH,
        "eta": ETA,
        "subsample": SUBSAMPLE,
        "colsample_bytree": COLSAMPLE_BYTREE,
        "min_child_weight": MIN_CHILD_WEIGHT,
        "seed": SEED,
    }

    model = xgb.train(
        params,
        dtrain,
        num_boost_round=NUM_ROUND,
        evals=[(dtrain, "train"), (dval, "validation")],
        early_stopping_rounds=EARLY_STOPPING_ROUNDS,
        verbose_eval=25,
    )
    print("Best iteration:", model.best_iteration)

    # predict with the trees up to the best round only, not the whole run
    val_prob = model.predict(dval, iteration_range=(0, model.best_iteration + 1))
    val_pred = (val_prob > 0.5).astype(int)
    print("validation accuracy: {:.4f}".format(accuracy_score(y_val, val_pred)))
    print("validation auc: {:.4f}".format(roc_auc_score(y_val, val_prob)))
    print("validation logloss: {:.4f}".format(log_loss(y_val, val_prob)))

    importance = model.get_score(importance_type="gain")
    print("Top features (gain):")
    for name, gain in sorted(importance.items(), key=lambda kv: kv[1], reverse=True)[:5]:
        print("  {:<20s} {:.2f}".format(name, gain))

    os.makedirs(MODEL_DIR, exist_ok=True)
    model.save_model(MODEL_PATH)
    print("Saved model to", MODEL_PATH)


if __name__ == "__main__":
    main()
