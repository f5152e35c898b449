"""Tune a gradient-boosting classifier with Optuna, then keep the best trial's model.

The study's objective trains one model per trial and returns its validation AUC; Optuna logs
each trial and the best so far. After the study, the best parameters are refitted on the same
split (same seed: the same model the best trial trained) and saved with joblib.
"""

import argparse

import joblib
import optuna
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

SEED = 0


def load(path):
    frame = pd.read_csv(path)
    x = frame.drop(columns=["label"])
    y = frame["label"]
    return train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)


def build(params):
    return GradientBoostingClassifier(random_state=SEED, **params)


def objective(trial, data):
    x_train, x_val, y_train, y_val = data
    params = {
        "n_estimators": trial.suggest_int("n_estimators", 20, 80, step=20),
        "max_depth": trial.suggest_int("max_depth", 1, 4),
        "learning_rate": trial.suggest_float("learning_rate", 0.03, 0.3, log=True),
    }
    model = build(params).fit(x_train, y_train)
    val_auc = roc_auc_score(y_val, model.predict_proba(x_val)[:, 1])
    print(f"trial {trial.number}: val_auc {val_auc:.4f}")
    return val_auc


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.csv")
    parser.add_argument("--n-trials", type=int, default=8)
    args = parser.parse_args()

    data = load(args.data)
    sampler = optuna.samplers.TPESampler(seed=SEED)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    study.optimize(lambda trial: objective(trial, data), n_trials=args.n_trials)

    print(f"best trial {study.best_trial.number}: val_auc {study.best_value:.4f}")
    print("best params:", study.best_params)
    best = build(study.best_params).fit(data[0], data[2])
    joblib.dump(best, "model.joblib")
