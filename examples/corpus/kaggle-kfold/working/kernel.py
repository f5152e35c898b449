# Kaggle-style kernel: inputs under ../input/<competition>/, outputs in the working folder.
import numpy as np
import pandas as pd
import lightgbm as lgb
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

SEED = 42
N_FOLDS = 5
LEARNING_RATE = 0.05

train = pd.read_csv("../input/titanic/train.csv")
test = pd.read_csv("../input/titanic/test.csv")
print(train.shape, test.shape)


def add_features(df):
    df = df.copy()
    df["FamilySize"] = df["SibSp"] + df["Parch"] + 1
    df["IsAlone"] = (df["FamilySize"] == 1).astype(int)
    df["Title"] = df["Name"].str.extract(r",\s*([^\.]+)\.", expand=False).fillna("None")
    df["Sex"] = (df["Sex"] == "female").astype(int)
    df["Age"] = df["Age"].fillna(df["Age"].median())
    df["Fare"] = df["Fare"].fillna(df["Fare"].median())
    df = pd.get_dummies(df, columns=["Embarked", "Title"], dtype=int)
    return df.drop(columns=["Name", "Ticket", "Cabin"])


full = add_features(pd.concat([train, test], keys=["train", "test"]))
X = full.loc["train"].drop(columns=["PassengerId", "Survived"])
y = train["Survived"].values
X_test = full.loc["test"].drop(columns=["PassengerId", "Survived"])

oof = np.zeros(len(X))
preds = np.zeros(len(X_test))
folds = StratifiedKFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED)
for fold, (trn_idx, val_idx) in enumerate(folds.split(X, y)):
    model = lgb.LGBMClassifier(
        n_estimators=300, learning_rate=LEARNING_RATE, num_leaves=15, random_state=SEED, verbose=-1
    )
    model.fit(
        X.iloc[trn_idx], y[trn_idx],
        eval_set=[(X.iloc[val_idx], y[val_idx])],
        callbacks=[lgb.early_stopping(20, verbose=False)],
    )
    oof[val_idx] = model.predict_proba(X.iloc[val_idx])[:, 1]
    preds += model.predict_proba(X_test)[:, 1] / N_FOLDS
    print(f"Fold {fold + 1} AUC: {roc_auc_score(y[val_idx], oof[val_idx]):.4f}")

print(f"CV AUC: {roc_auc_score(y, oof):.4f}")

submission = pd.DataFrame({"PassengerId": test["PassengerId"], "Survived": (preds > 0.5).astype(int)})
submission.to_csv("submission.csv", index=False)
