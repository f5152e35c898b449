"""Run a script as it is, against a local S3 (moto on 127.0.0.1) holding data/ under
s3://acme-ml-data/churn/v1/. Usage: python run_with_s3.py train.py [args...]"""

import os
import runpy
import sys

from moto.server import ThreadedMotoServer

BUCKET, PREFIX = "acme-ml-data", "churn/v1"
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
os.environ.update(
    AWS_ENDPOINT_URL=f"http://{host}:{port}", AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
)
import boto3  # noqa: E402  (after the endpoint is set)

client = boto3.client("s3")
client.create_bucket(Bucket=BUCKET)
for name in sorted(os.listdir("data")):
    client.upload_file(os.path.join("data", name), BUCKET, f"{PREFIX}/{name}")
script, sys.argv = sys.argv[1], sys.argv[1:]
try:
    runpy.run_path(script, run_name="__main__")
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix="models/")
    print("uploaded:", [item["Key"] for item in listed.get("Contents", [])])
finally:
    server.stop()
