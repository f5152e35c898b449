#!/usr/bin/env python
"""Customer lapse model.

Defaults live in CONFIG; pass --config FILE.json to override some of them:

    python train.py --config config.json
"""
import argparse
import json
import logging
import os

import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)

CONFIG = {
    "data_path": "data/customers.csv",
    "target": "lapsed",
    "model_dir": "artifacts",
    "lr": 0.1,
    "n_estimators": 100,
    "max_depth": 3,
    "subsample": 1.0,
    "val_fraction": 0.2,
    "seed": 17,
}


def load_config(path):
    config = dict(CONFIG)
    if path:
        with open(path) as f:
            config.update(json.load(f))
    return config


def train(config):
    df = pd.read_csv(config["data_path"])
    X = df.drop(columns=[config["target"]])
    y = df[config["target"]]
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=config["val_fraction"], random_state=config["seed"], stratify=y
    )
    logger.info("train rows=%d val rows=%d", len(X_train), len(X_val))

    model = GradientBoostingClassifier(
        learning_rate=config["lr"],
        n_estimators=config["n_estimators"],
        max_depth=config["max_depth"],
        subsample=config["subsample"],
        random_state=config["seed"],
    )
    model.fit(X_train, y_train)

    auc = roc_auc_score(y_val, model.predict_proba(X_val)[:, 1])
    logger.info("val_auc=%.4f", auc)

    os.makedirs(config["model_dir"], exist_ok=True)
    path = os.path.join(config["model_dir"], "model.joblib")
    joblib.dump(model, path)
    logger.info("model saved to %s", path)
    return auc


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", help="JSON file overriding CONFIG")
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_config(args.config)
    logger.info("config: %s", json.dumps(config, sort_keys=True))
    train(config)


if __name__ == "__main__":
    main()
