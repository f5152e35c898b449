"""House-price regressor reading its features straight from the data lake (pandas + s3fs),
the model uploaded back through a boto3 bucket resource.

    python train.py --alpha 1.0
"""

import argparse
import pickle

import boto3
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error

FEATURES = "features/v2"
TEST_URI = "s3://acme-lake/features/v2/test.parquet"


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bucket", default="acme-lake")
    parser.add_argument("--alpha", type=float, default=1.0)
    return parser.parse_args()


def main():
    args = parse_args()
    train = pd.read_parquet(f"s3://{args.bucket}/{FEATURES}/train.parquet")
    test = pd.read_parquet(TEST_URI)
    columns = [c for c in train.columns if c != "price"]
    model = Ridge(alpha=args.alpha).fit(train[columns], train["price"])
    rmse = float(np.sqrt(mean_squared_error(test["price"], model.predict(test[columns]))))
    print(f"val_rmse={rmse:.4f}")
    with open("model.pkl", "wb") as handle:
        pickle.dump(model, handle)
    bucket = boto3.resource("s3").Bucket(args.bucket)
    bucket.upload_file("model.pkl", "models/house-prices/model.pkl")


if __name__ == "__main__":
    main()
