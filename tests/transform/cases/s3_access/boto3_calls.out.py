import boto3
import pandas as pd
import sagebridge_runtime

s3 = boto3.client("s3")
sagebridge_runtime.s3_read('SM_CHANNEL_TRAINING', 's3://acme/churn/v1', 'download_file', s3.download_file, BUCKET, "churn/v1/train.csv", "/tmp/train.csv")
body = sagebridge_runtime.s3_read('SM_CHANNEL_TRAINING', 's3://acme/churn/v1', 'get_object', s3.get_object, Bucket=BUCKET, Key="churn/v1/test.csv")["Body"]
valid = pd.read_csv(sagebridge_runtime.s3_path('SM_CHANNEL_TRAINING', 's3://acme/churn/v1', f"s3://{BUCKET}/churn/v1/valid.csv"), sep=";")
sagebridge_runtime.s3_upload('SM_MODEL_DIR', 'upload_file', s3.upload_file, "model.joblib", BUCKET, "models/model.joblib")
sagebridge_runtime.s3_upload('SM_OUTPUT_DATA_DIR', 'Bucket.put_object', boto3.resource("s3").Bucket(BUCKET).put_object, Key="reports/r.json", Body="{}")
