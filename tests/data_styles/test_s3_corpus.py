"""The s3-boto3-churn corpus project (boto3 download_file / get_object / upload_file, bucket from
a constant and an --bucket default): original vs migrated on the same data, S3 served by moto
on 127.0.0.1. On a laptop the migrated script reads and writes S3 as before; run SageMaker-style
(SM_* into tmp_path, the bucket gone) it reads the channel copy and the model lands in
SM_MODEL_DIR; the pipeline feeds the channel from the script's own prefix and the role may read
only there."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import joblib
from migrate.conftest import FakeContainer, run_script

from sagebridge.migrate import migrate_project

from .conftest import empty_bucket, s3_client, s3_env, upload_folder

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "s3-boto3-churn"
BUCKET, PREFIX = "acme-ml-data", "churn/v1"
MODEL_KEY = "models/churn/model.joblib"


def _accuracy(text: str) -> list[str]:
    return re.findall(r"^test_accuracy: ([0-9.]+)$", text, re.MULTILINE)


def test_s3_boto3_corpus_laptop_unchanged_job_reads_channel(tmp_path: Path, moto_url: str) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS, original)
    run_script(original / "make_data.py", [], cwd=original, env=s3_env(moto_url))
    client = s3_client(moto_url)
    upload_folder(client, original / "data", BUCKET, PREFIX)
    before = run_script(original / "train.py", [], cwd=original, env=s3_env(moto_url))
    assert _accuracy(before.stdout)
    client.delete_object(Bucket=BUCKET, Key=MODEL_KEY)

    out = tmp_path / "out"
    migrate_project(CORPUS, out, entry_point="train.py")
    code = out / "code"
    laptop = run_script(code / "train.py", [], cwd=code, env=s3_env(moto_url))
    assert _accuracy(laptop.stdout) == _accuracy(before.stdout)
    assert client.head_object(Bucket=BUCKET, Key=MODEL_KEY)["ContentLength"] > 0  # uploaded

    empty_bucket(client, BUCKET)  # the job must not touch S3 for its data or its model
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())  # what SageMaker copies
    job = run_script(code / "train.py", [], cwd=code, env=s3_env(moto_url, **container.env()))
    assert _accuracy(job.stdout) == _accuracy(before.stdout)
    assert hasattr(joblib.load(container.model / "model.joblib"), "predict")

    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert "default_value='s3://acme-ml-data/churn/v1/'" in pipeline
    policy = json.loads((out / "infrastructure" / "iam" / "execution-policy.json").read_text())
    script_data = {s["Sid"]: s for s in policy["Statement"] if "ScriptData" in s["Sid"]}
    assert script_data["ReadScriptData"]["Action"] == ["s3:GetObject"]
    assert script_data["ReadScriptData"]["Resource"] == (
        "arn:${AWS::Partition}:s3:::acme-ml-data/churn/v1/*"
    )
    assert script_data["ListScriptData"]["Condition"] == {
        "StringLike": {"s3:prefix": ["churn/v1", "churn/v1/*"]}
    }
    foreign = [
        s for s in policy["Statement"]
        if "acme-ml-data" in json.dumps(s.get("Resource")) and s["Sid"] not in script_data
    ]
    assert not foreign  # no write, no other prefix
