"""Churn classifier whose settings live in a config.py module beside it.

    python train.py
"""
import os

import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split

import config as cfg
from config import SEED, TEST_SIZE


def main():
    frame = pd.read_csv(cfg.DATA_PATH)
    target = frame.pop(cfg.TARGET)
    x_train, x_test, y_train, y_test = train_test_split(
        frame, target, test_size=TEST_SIZE, random_state=SEED, stratify=target
    )
    forest = RandomForestClassifier(
        n_estimators=cfg.N_ESTIMATORS,
        max_depth=cfg.MAX_DEPTH,
        min_samples_leaf=cfg.MIN_SAMPLES_LEAF,
        max_features=cfg.MAX_FEATURES,
        criterion=cfg.CRITERION,
        random_state=SEED,
        n_jobs=1,
    )
    forest.fit(x_train, y_train)
    scores = forest.predict_proba(x_test)[:, 1]
    print(f"test_auc: {roc_auc_score(y_test, scores):.4f}")
    print(f"test_f1: {f1_score(y_test, scores > 0.5):.4f}")
    os.makedirs(os.path.dirname(cfg.MODEL_PATH), exist_ok=True)
    joblib.dump(forest, cfg.MODEL_PATH)


if __name__ == "__main__":
    main()
