"""Helpers for the data-style tests: S3 on the test's moto server (127.0.0.1 only)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from migrate.conftest import plain_env


def s3_env(moto_url: str, **extra: str) -> dict[str, str]:
    """A laptop's environment whose S3 is the test's moto server."""
    return plain_env(
        AWS_ENDPOINT_URL=moto_url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1", **extra,
    )


def s3_client(moto_url: str) -> Any:
    import boto3

    return boto3.client(
        "s3", endpoint_url=moto_url, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )


def upload_folder(client: Any, folder: Path, bucket: str, prefix: str) -> None:
    client.create_bucket(Bucket=bucket)
    for name in sorted(os.listdir(folder)):
        client.upload_file(str(folder / name), bucket, f"{prefix}/{name}")


def empty_bucket(client: Any, bucket: str) -> None:
    """Delete every object and the bucket: any S3 read after this fails."""
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)
