"""Churn model trained from a SQLite database with a SQL join (pandas.read_sql).

    python train.py --n-estimators 100
"""

import argparse
import sqlite3

import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

DB_PATH = "data/customers.db"
QUERY = """
SELECT c.tenure, c.plan, u.minutes, u.tickets, c.churned
FROM customers c JOIN usage u ON u.customer_id = c.id
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-estimators", type=int, default=100)
    parser.add_argument("--max-depth", type=int, default=6)
    args = parser.parse_args()

    conn = sqlite3.connect(DB_PATH)
    frame = pd.read_sql(QUERY, conn)
    conn.close()
    features = pd.get_dummies(frame.drop(columns="churned"), columns=["plan"], dtype=float)
    x_train, x_test, y_train, y_test = train_test_split(
        features, frame["churned"], test_size=0.25, random_state=42
    )
    model = RandomForestClassifier(
        n_estimators=args.n_estimators, max_depth=args.max_depth, random_state=0
    ).fit(x_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
    print(f"test_auc: {auc:.4f}")
    joblib.dump(model, "churn_model.joblib")


if __name__ == "__main__":
    main()
