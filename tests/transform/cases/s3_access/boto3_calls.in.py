import boto3
import pandas as pd

s3 = boto3.client("s3")
s3.download_file(BUCKET, "churn/v1/train.csv", "/tmp/train.csv")
body = s3.get_object(Bucket=BUCKET, Key="churn/v1/test.csv")["Body"]
valid = pd.read_csv(f"s3://{BUCKET}/churn/v1/valid.csv", sep=";")
s3.upload_file("model.joblib", BUCKET, "models/model.joblib")
boto3.resource("s3").Bucket(BUCKET).put_object(Key="reports/r.json", Body="{}")
