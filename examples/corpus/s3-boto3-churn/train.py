"""Churn classifier trained on an EC2 box: the data lives in S3 and the model goes back there.

    python train.py --bucket acme-ml-data --C 0.5
"""

import argparse
import os

import boto3
import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

BUCKET = "acme-ml-data"
PREFIX = "churn/v1"
LOCAL_TRAIN = "/tmp/churn_train.csv"
MODEL_FILE = "model.joblib"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bucket", default=BUCKET)
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--max-iter", type=int, default=200)
    args = parser.parse_args()

    s3 = boto3.client("s3")
    s3.download_file(args.bucket, f"{PREFIX}/train.csv", LOCAL_TRAIN)
    train = pd.read_csv(LOCAL_TRAIN)
    body = s3.get_object(Bucket=args.bucket, Key=PREFIX + "/test.csv")["Body"]
    test = pd.read_csv(body)

    features = [c for c in train.columns if c != "churned"]
    model = make_pipeline(StandardScaler(), LogisticRegression(C=args.C, max_iter=args.max_iter))
    model.fit(train[features], train["churned"])
    accuracy = accuracy_score(test["churned"], model.predict(test[features]))
    print(f"test_accuracy: {accuracy:.4f}")

    joblib.dump(model, MODEL_FILE)
    s3.upload_file(MODEL_FILE, args.bucket, "models/churn/" + os.path.basename(MODEL_FILE))


if __name__ == "__main__":
    main()
