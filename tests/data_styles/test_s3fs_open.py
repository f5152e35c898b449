"""s3fs file objects (`fs = s3fs.S3FileSystem(); fs.open(uri)` / `fs.open(uri, "wb")`): on a
laptop the migrated script reads and writes S3 as before (moto on 127.0.0.1); in the job the
read opens the channel's copy and the joblib model written through `fs.open(..., "wb")` lands
in the model dir, with the bucket gone. Before the fix neither call was followed: the job read
and wrote S3 itself, and no model reached model.tar.gz."""

from __future__ import annotations

import re
import textwrap
import types
from pathlib import Path

import joblib
from migrate.conftest import FakeContainer, run_script

from sagebridge.analyze.s3_access import find_s3_accesses
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.plan.s3_data import plan_s3

from .conftest import empty_bucket, s3_client, s3_env, upload_folder

BUCKET, PREFIX = "acme-data", "iris/v1"
SCRIPT = """\
import joblib
import numpy as np
import pandas as pd
import s3fs
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

BUCKET = "acme-data"
fs = s3fs.S3FileSystem()
with fs.open(f"s3://{BUCKET}/iris/v1/train.csv") as handle:
    frame = pd.read_csv(handle)
x_train, x_test, y_train, y_test = train_test_split(
    frame[["a", "b"]], frame["label"], test_size=0.3, random_state=0)
model = LogisticRegression().fit(x_train, y_train)
print(f"test_accuracy={model.score(x_test, y_test):.4f}")
with fs.open(BUCKET + "/models/model.joblib", "wb") as handle:
    joblib.dump(model, handle)
"""


def _accuracy(text: str) -> list[str]:
    return re.findall(r"^test_accuracy=([0-9.]+)$", text, re.MULTILINE)


def test_s3fs_open_reads_and_writes_are_found_and_planned() -> None:
    accesses = find_s3_accesses(ParsedModule.parse("train.py", textwrap.dedent(SCRIPT)))
    assert [(a.kind, a.call, a.uri, a.line) for a in accesses] == [
        ("read", "fs.open", "s3://acme-data/iris/v1/train.csv", 10),
        ("write", "fs.open", "s3://acme-data/models/model.joblib", 16),
    ]
    analysis = types.SimpleNamespace(s3_accesses=tuple(accesses), hard_coded_paths=())
    channels, plan, _ = plan_s3(analysis, ())  # type: ignore[arg-type]
    assert [c.fallback for c in channels] == ["s3://acme-data/iris/v1"]
    assert plan is not None and plan.uri == "s3://acme-data/iris/v1"
    assert [(c.kind, c.method, c.target_env) for c in plan.calls] == [
        ("read", "open", ""), ("write", "open", "SM_MODEL_DIR"),
    ]  # fmt: skip
    # `open` on anything but an s3fs file system is no S3 access
    assert find_s3_accesses(ParsedModule.parse("t.py", "fs = make()\nfs.open('s3://b/k')\n")) == []


def test_job_reads_the_channel_copy_and_the_model_lands_in_the_model_dir(
    tmp_path: Path, moto_url: str
) -> None:
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "train.py").write_text(SCRIPT)
    rows = [f"{i % 7 / 7:.3f},{(i * 3) % 11 / 11:.3f},{int(i % 7 > 3)}" for i in range(120)]
    (src / "data" / "train.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    env = s3_env(moto_url, PYTHONWARNINGS="ignore")
    client = s3_client(moto_url)
    upload_folder(client, src / "data", BUCKET, PREFIX)
    before = _accuracy(run_script(src / "train.py", [], cwd=src, env=env).stdout)
    assert before and client.head_object(Bucket=BUCKET, Key="models/model.joblib")
    client.delete_object(Bucket=BUCKET, Key="models/model.joblib")

    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = out / "code"
    assert _accuracy(run_script(code / "train.py", [], cwd=code, env=env).stdout) == before
    assert client.head_object(Bucket=BUCKET, Key="models/model.joblib")  # laptop: as before

    empty_bucket(client, BUCKET)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    (container.channel() / "train.csv").write_bytes((src / "data" / "train.csv").read_bytes())
    job = run_script(code / "train.py", [], cwd=code, env={**env, **container.env()})
    assert _accuracy(job.stdout) == before
    assert hasattr(joblib.load(container.model / "model.joblib"), "predict")
