"""`boto3.resource("s3").Object(bucket, key).get()["Body"]`: an object resource's read. On a
laptop the migrated script reads S3 as before (moto on 127.0.0.1); in the job, with the bucket
gone, it reads the channel's copy. Before the fix the call was not followed: the job read S3."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from migrate.conftest import FakeContainer, run_script

from sagebridge.analyze.s3_access import find_s3_accesses
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project

from .conftest import empty_bucket, s3_client, s3_env, upload_folder

BUCKET, PREFIX = "acme-data", "churn/v3"
SCRIPT = """\
import io

import boto3
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

BUCKET = "acme-data"
PREFIX = "churn/v3"
s3 = boto3.resource("s3")
train = pd.read_csv(io.BytesIO(s3.Object(BUCKET, f"{PREFIX}/train.csv").get()["Body"].read()))
holdout = s3.Object(BUCKET, PREFIX + "/test.csv")
test = pd.read_csv(holdout.get()["Body"])
model = DecisionTreeClassifier(max_depth=3, random_state=0)
model.fit(train[["a", "b"]], train["label"])
print(f"test_accuracy={model.score(test[['a', 'b']], test['label']):.4f}")
"""


def test_object_reads_are_followed_to_their_uri() -> None:
    accesses = find_s3_accesses(ParsedModule.parse("train.py", textwrap.dedent(SCRIPT)))
    assert [(a.kind, a.uri, a.line) for a in accesses] == [
        ("get_object", "s3://acme-data/churn/v3/train.csv", 10),
        ("get_object", "s3://acme-data/churn/v3/test.csv", 12),
    ]
    plain = "cfg = {}\ncfg.get('x')\n"  # no boto3: a dict's get is no S3 read
    assert find_s3_accesses(ParsedModule.parse("t.py", plain)) == []


def test_job_reads_the_objects_from_the_channel(tmp_path: Path, moto_url: str) -> None:
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "train.py").write_text(SCRIPT)
    for name, start in (("train.csv", 0), ("test.csv", 200)):
        rows = [
            f"{i % 9},{(i * 5) % 13},{int((i % 9) + (i * 5) % 13 > 10)}"
            for i in range(start, start + 90)
        ]
        (src / "data" / name).write_text("a,b,label\n" + "\n".join(rows) + "\n")
    env = s3_env(moto_url, PYTHONWARNINGS="ignore")
    client = s3_client(moto_url)
    upload_folder(client, src / "data", BUCKET, PREFIX)
    before = re.findall(
        r"^test_accuracy=[0-9.]+$",
        run_script(src / "train.py", [], cwd=src, env=env).stdout,
        re.MULTILINE,
    )
    assert before

    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = out / "code"
    laptop = run_script(code / "train.py", [], cwd=code, env=env).stdout
    assert re.findall(r"^test_accuracy=[0-9.]+$", laptop, re.MULTILINE) == before

    empty_bucket(client, BUCKET)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    for name in ("train.csv", "test.csv"):
        (container.channel() / name).write_bytes((src / "data" / name).read_bytes())
    job = run_script(code / "train.py", [], cwd=code, env={**env, **container.env()}).stdout
    assert re.findall(r"^test_accuracy=[0-9.]+$", job, re.MULTILINE) == before
    assert job.count("from the channel") == 2
