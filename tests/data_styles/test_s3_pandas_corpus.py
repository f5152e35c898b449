"""The s3-pandas-parquet corpus project (pd.read_parquet of s3:// URIs through s3fs, the model
uploaded with a bucket resource's upload_file): on a laptop the migrated script reads and writes
S3 (moto on 127.0.0.1) as before; run SageMaker-style with the bucket gone, it reads the
channel's copies and the model lands in SM_MODEL_DIR, with the original's metric."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

from migrate.conftest import FakeContainer, run_script

from sagebridge.migrate import migrate_project

from .conftest import empty_bucket, s3_client, s3_env, upload_folder

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "s3-pandas-parquet"
BUCKET, PREFIX = "acme-lake", "features/v2"
MODEL_KEY = "models/house-prices/model.pkl"


def _rmse(text: str) -> list[str]:
    return re.findall(r"^val_rmse=([0-9.]+)$", text, re.MULTILINE)


def test_s3_parquet_reads_laptop_unchanged_job_reads_channel(tmp_path: Path, moto_url: str) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS, original)
    env = s3_env(moto_url, PYTHONWARNINGS="ignore")
    run_script(original / "make_data.py", [], cwd=original, env=env)
    client = s3_client(moto_url)
    upload_folder(client, original / "data", BUCKET, PREFIX)
    before = _rmse(run_script(original / "train.py", [], cwd=original, env=env).stdout)
    assert before
    client.delete_object(Bucket=BUCKET, Key=MODEL_KEY)

    out = tmp_path / "out"
    migrate_project(CORPUS, out, entry_point="train.py")
    code = out / "code"
    assert _rmse(run_script(code / "train.py", [], cwd=code, env=env).stdout) == before
    assert client.head_object(Bucket=BUCKET, Key=MODEL_KEY)["ContentLength"] > 0

    empty_bucket(client, BUCKET)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())
    job = run_script(code / "train.py", [], cwd=code, env={**env, **container.env()})
    assert _rmse(job.stdout) == before
    with open(container.model / "model.pkl", "rb") as handle:
        assert hasattr(pickle.load(handle), "predict")
    assert "default_value='s3://acme-lake/features/v2/'" in (
        out / "pipeline" / "pipeline.py"
    ).read_text()
