"""pandas writes to s3:// URIs (`preds.to_csv("s3://...")` through s3fs): on a laptop the
migrated script writes S3 as before (moto on 127.0.0.1); in the job the file lands in the job's
output data folder (a model-like name in the model dir) and nothing is sent to S3. Before the
fix the writes were left as written, so the job wrote to S3 (or failed without access)."""

from __future__ import annotations

import textwrap
import types
from pathlib import Path

from migrate.conftest import FakeContainer, run_script

from sagebridge.analyze.s3_access import find_s3_accesses
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.plan.s3_data import plan_s3

from .conftest import empty_bucket, s3_client, s3_env

BUCKET = "acme-results"
SCRIPT = """\
import argparse

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression

BUCKET = "acme-results"
parser = argparse.ArgumentParser()
parser.add_argument("--run-name", default="baseline")
args = parser.parse_args()

rng = np.random.default_rng(0)
x = rng.normal(size=(80, 3))
y = x @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.1, size=80)
model = LinearRegression().fit(x[:60], y[:60])
preds = pd.DataFrame({"y": y[60:], "pred": model.predict(x[60:])})
rmse = float(np.sqrt(((preds.y - preds.pred) ** 2).mean()))
print(f"val_rmse={rmse:.6f}")
preds.to_csv(f"s3://{BUCKET}/predictions/{args.run_name}/preds.csv", index=False)
pd.Series({"rmse": rmse}).to_json(path_or_buf="s3://%s/reports/metrics.json" % BUCKET)
"""


def test_pandas_writes_to_s3_are_found_with_their_uri() -> None:
    accesses = find_s3_accesses(ParsedModule.parse("train.py", textwrap.dedent(SCRIPT)))
    assert [(a.kind, a.call, a.uri, a.line) for a in accesses] == [
        ("write", "preds.to_csv", "s3://acme-results/predictions/baseline/preds.csv", 19),
        ("write", 'pd.Series({"rmse": rmse}).to_json', "s3://acme-results/reports/metrics.json", 20),
    ]  # fmt: skip
    analysis = types.SimpleNamespace(s3_accesses=tuple(accesses), hard_coded_paths=())
    _, plan, warnings = plan_s3(analysis, ())  # type: ignore[arg-type]
    assert plan is not None and not warnings
    assert [(c.kind, c.method, c.target_env) for c in plan.calls] == [
        ("write", "to_csv", "SM_OUTPUT_DATA_DIR"), ("write", "to_json", "SM_OUTPUT_DATA_DIR"),
    ]  # fmt: skip


def test_writes_go_to_s3_on_a_laptop_and_to_the_output_folder_in_the_job(
    tmp_path: Path, moto_url: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    env = s3_env(moto_url, PYTHONWARNINGS="ignore")
    client = s3_client(moto_url)
    client.create_bucket(Bucket=BUCKET)
    before = run_script(src / "train.py", [], cwd=src, env=env).stdout
    keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == ["predictions/baseline/preds.csv", "reports/metrics.json"]
    empty_bucket(client, BUCKET)

    client.create_bucket(Bucket=BUCKET)
    out = tmp_path / "out"
    migrate_project(src, out)
    code = out / "code"
    laptop = run_script(code / "train.py", [], cwd=code, env=env).stdout
    assert laptop.splitlines()[0] == before.strip()  # then the metric line it logs
    assert len(client.list_objects_v2(Bucket=BUCKET)["Contents"]) == 2  # written as before
    empty_bucket(client, BUCKET)  # the bucket is gone: a write to S3 from the job would fail

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    job = run_script(code / "train.py", [], cwd=code, env={**env, **container.env()}).stdout
    assert job.splitlines()[0] == before.strip()
    assert (container.output_data / "preds.csv").read_text().startswith("y,pred\n")
    assert "rmse" in (container.output_data / "metrics.json").read_text()
    assert BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]
