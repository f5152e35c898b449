"""Migrated before."""
import boto3
import pandas as pd
import sagebridge_runtime

s3 = boto3.client("s3")
sagebridge_runtime.s3_read('SM_CHANNEL_TRAINING', 's3://acme/churn/v1', 'download_file', s3.download_file, BUCKET, "churn/v1/train.csv", "/tmp/train.csv")
valid = pd.read_csv(sagebridge_runtime.s3_path('SM_CHANNEL_TRAINING', 's3://acme/churn/v1', f"s3://{BUCKET}/churn/v1/valid.csv"), sep=";")
sagebridge_runtime.s3_upload('SM_MODEL_DIR', 'upload_file', s3.upload_file, "model.joblib", BUCKET, "models/model.joblib")
