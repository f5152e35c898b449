"""House price regression with XGBoost. Edit the constants below and run `python train.py`."""
import os
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.model_selection import train_test_split

# ---------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------
DATA_FILE = Path(__file__).parent / "data" / "housing.csv"
OUTPUT_DIR = os.path.join(os.path.dirname(__file__), "output")
TARGET = "MedHouseVal"

SEED = 1234
TEST_FRACTION = 0.2
NUM_BOOST_ROUND = 500
EARLY_STOPPING = 25
LEARNING_RATE = 0.08
MAX_DEPTH = 5
SUBSAMPLE = 0.85
COLSAMPLE = 0.9

df = pd.read_csv(DATA_FILE)
print(f"loaded {len(df)} rows from {DATA_FILE.name}")

X = df.drop(columns=[TARGET])
y = df[TARGET]
X_train, X_valid, y_train, y_valid = train_test_split(
    X, y, test_size=TEST_FRACTION, random_state=SEED
)

dtrain = xgb.DMatrix(X_train, label=y_train)
dvalid = xgb.DMatrix(X_valid, label=y_valid)

params = {
    "objective": "reg:squarederror",
    "eval_metric": "rmse",
    "eta": LEARNING_RATE,
    "max_depth": MAX_DEPTH,
    "subsample": SUBSAMPLE,
    "colsample_bytree": COLSAMPLE,
    "seed": SEED,
    "nthread": 1,
}
watchlist = [(dtrain, "train"), (dvalid, "valid")]

bst = xgb.train(
    params,
    dtrain,
    num_boost_round=NUM_BOOST_ROUND,
    evals=watchlist,
    early_stopping_rounds=EARLY_STOPPING,
    verbose_eval=50,
)

preds = bst.predict(dvalid, iteration_range=(0, bst.best_iteration + 1))
rmse = float(np.sqrt(np.mean((preds - y_valid.to_numpy()) ** 2)))
print(f"best iteration: {bst.best_iteration}")
print(f"validation RMSE: {rmse:.4f}")

os.makedirs(OUTPUT_DIR, exist_ok=True)
bst.save_model(os.path.join(OUTPUT_DIR, "model.json"))
print("saved", os.path.join(OUTPUT_DIR, "model.json"))
