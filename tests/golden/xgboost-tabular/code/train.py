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
import argparse
import sagebridge_runtime

DATA_DIR = os.environ.get("SM_CHANNEL_TRAINING", "./data")
TRAIN_FILE = os.path.join(DATA_DIR, "churn.csv")
MODEL_DIR = os.environ.get("SM_MODEL_DIR", "./models")
MODEL_PATH = os.path.join(os.environ.get("SM_MODEL_DIR", "./models"), "xgboost-model.json")

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


def _sagebridge_parse_hyperparameters():
    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--max_depth", type=int, default=MAX_DEPTH)
    parser.add_argument("--eta", type=float, default=ETA)
    parser.add_argument("--num_round", type=int, default=NUM_ROUND)
    parser.add_argument("--early_stopping_rounds", type=int, default=EARLY_STOPPING_ROUNDS)
    parser.add_argument("--subsample", type=float, default=SUBSAMPLE)
    parser.add_argument("--colsample_bytree", type=float, default=COLSAMPLE_BYTREE)
    parser.add_argument("--min_child_weight", type=int, default=MIN_CHILD_WEIGHT)
    parser.add_argument("--validation_size", type=float, default=VALIDATION_SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own


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
    print("validation accuracy: {:.4f}".format(sagebridge_runtime.logged("validation_accuracy", accuracy_score(y_val, val_pred))))
    print("validation auc: {:.4f}".format(sagebridge_runtime.logged("validation_auc", roc_auc_score(y_val, val_prob))))
    print("validation logloss: {:.4f}".format(sagebridge_runtime.logged("validation_logloss", log_loss(y_val, val_prob))))

    importance = model.get_score(importance_type="gain")
    print("Top features (gain):")
    for name, gain in sorted(importance.items(), key=lambda kv: kv[1], reverse=True)[:5]:
        print("  {:<20s} {:.2f}".format(name, gain))

    os.makedirs(MODEL_DIR, exist_ok=True)
    model.save_model(MODEL_PATH)
    print("Saved model to", MODEL_PATH)


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        sagebridge_runtime.record_hosts()
        _sagebridge_args = _sagebridge_parse_hyperparameters()
        MAX_DEPTH = _sagebridge_args.max_depth
        ETA = _sagebridge_args.eta
        NUM_ROUND = _sagebridge_args.num_round
        EARLY_STOPPING_ROUNDS = _sagebridge_args.early_stopping_rounds
        SUBSAMPLE = _sagebridge_args.subsample
        COLSAMPLE_BYTREE = _sagebridge_args.colsample_bytree
        MIN_CHILD_WEIGHT = _sagebridge_args.min_child_weight
        VALIDATION_SIZE = _sagebridge_args.validation_size
        SEED = _sagebridge_args.seed
        main()
