"""S3 read directly by the script: analysis (analyze/s3_access.py), plan (plan/s3_data.py) and
the runtime helpers the transform calls (templates/runtime/_parts/s3.py.jinja)."""

from __future__ import annotations

import importlib.util
import textwrap
import types
from pathlib import Path

import pytest

from sagebridge.analyze.paths import find_paths
from sagebridge.analyze.s3_access import find_s3_accesses, not_local_paths
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import ChannelPlan, S3Access
from sagebridge.plan.s3_data import plan_s3
from sagebridge.render.runtime import render_runtime

SCRIPT = '''
import argparse, os
import boto3
import pandas as pd

BUCKET = "acme-data"
PREFIX = "churn/v1"
LOCAL = "/tmp/train.csv"
CFG = {"key": "churn/v1/extra.csv"}

parser = argparse.ArgumentParser()
parser.add_argument("--bucket", default=BUCKET)
args = parser.parse_args()
s3 = boto3.client("s3")
s3.download_file(args.bucket, f"{PREFIX}/train.csv", LOCAL)
body = s3.get_object(Bucket=BUCKET, Key=PREFIX + "/test.csv")["Body"]
extra = s3.get_object(Bucket=BUCKET, Key=CFG["key"])["Body"]
valid = pd.read_csv("s3://%s/%s/valid.csv" % (BUCKET, PREFIX))
other = pd.read_parquet("s3://{}/{}".format(BUCKET, os.path.join(PREFIX, "x.parquet")))
unknown = pd.read_csv("s3://" + input())
s3.upload_file("model.joblib", BUCKET, "models/" + os.path.basename("model.joblib"))
s3.put_object(Bucket=BUCKET, Key="reports/metrics.json", Body="{}")
'''


def _accesses(text: str = SCRIPT) -> list[S3Access]:
    return find_s3_accesses(ParsedModule.parse("train.py", textwrap.dedent(text)))


def test_bucket_and_key_followed_through_defaults_fstrings_percent_format_and_dicts() -> None:
    found = {(a.kind, a.call, a.uri) for a in _accesses()}
    assert found == {
        ("download", "s3.download_file", "s3://acme-data/churn/v1/train.csv"),
        ("get_object", "s3.get_object", "s3://acme-data/churn/v1/test.csv"),
        ("get_object", "s3.get_object", "s3://acme-data/churn/v1/extra.csv"),
        ("read", "pandas.read_csv", "s3://acme-data/churn/v1/valid.csv"),
        ("read", "pandas.read_parquet", "s3://acme-data/churn/v1/x.parquet"),
        ("read", "pandas.read_csv", ""),  # `input()`: not followed, reported by the plan
        ("upload", "s3.upload_file", "s3://acme-data/models/model.joblib"),
        ("upload", "s3.put_object", "s3://acme-data/reports/metrics.json"),
    }
    download = next(a for a in _accesses() if a.kind == "download")
    assert download.local_line == 8  # LOCAL = "/tmp/train.csv": a scratch copy, not data


def test_boto3_methods_count_only_where_boto3_is_imported() -> None:
    text = 'import shutil\nclient = make()\nclient.download_file("b", "k/x.csv", "x.csv")\n'
    assert _accesses(text) == []


def _analysis(accesses: list[S3Access]) -> types.SimpleNamespace:
    return types.SimpleNamespace(s3_accesses=tuple(accesses), hard_coded_paths=())


def test_plan_channel_from_the_shared_prefix_uploads_by_kind_warnings_for_the_rest() -> None:
    accesses = _accesses()
    channels, plan, warnings = plan_s3(_analysis(accesses), ())  # type: ignore[arg-type]
    assert plan is not None
    assert (plan.uri, plan.bucket, plan.prefix) == ("s3://acme-data/churn/v1", "acme-data",
                                                    "churn/v1")
    assert [(c.name, c.env, c.fallback, c.line) for c in channels] == [
        ("training", "SM_CHANNEL_TRAINING", "s3://acme-data/churn/v1", 0)
    ]
    targets = {c.method: c.target_env for c in plan.calls if c.kind == "upload"}
    assert targets == {"upload_file": "SM_MODEL_DIR", "put_object": "SM_OUTPUT_DATA_DIR"}
    assert len(plan.calls) == 7  # 5 followed reads and 2 uploads; the unfollowed read stays
    assert len(warnings) == 1 and "train.py:20" in warnings[0] and "could not follow" in warnings[0]


def test_plan_second_bucket_left_as_written_and_channel_name_free() -> None:
    reads = [
        S3Access("download", "s3.download_file", "s3://a-bucket/data/train/x.csv", "t.py", 3),
        S3Access("download", "s3.download_file", "s3://a-bucket/data/val/y.csv", "t.py", 4),
        S3Access("read", "pandas.read_csv", "s3://b-bucket/z.csv", "t.py", 5),
    ]
    taken = (ChannelPlan("training", "SM_CHANNEL_TRAINING", "./data", "t.py", 2),)
    channels, plan, warnings = plan_s3(_analysis(reads), taken)  # type: ignore[arg-type]
    assert plan is not None and plan.uri == "s3://a-bucket/data"
    assert channels[-1].name == "s3_data" and channels[-1].env == "SM_CHANNEL_S3_DATA"
    assert [c.line for c in plan.calls] == [3, 4]
    assert len(warnings) == 2 and "second bucket" in warnings[0]
    assert warnings[1].startswith("./data: the script also reads this local folder")
    assert "s3://a-bucket/data/" in warnings[1]


def test_no_s3_no_plan() -> None:
    assert plan_s3(_analysis([]), ()) == ((), None, ())  # type: ignore[arg-type]


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    path = tmp_path / "sagebridge_runtime_s3.py"
    path.write_text(render_runtime(s3=True)["sagebridge_runtime.py"])
    spec = importlib.util.spec_from_file_location("sagebridge_runtime_s3", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("SM_MODEL_DIR", "SM_CHANNEL_TRAINING", "SM_TRAINING_ENV"):
        monkeypatch.delenv(name, raising=False)
    return module


def test_runtime_reads_the_channel_copy_in_the_job_and_calls_s3_elsewhere(
    runtime: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, ...]] = []

    def download_file(*args: object, **kwargs: object) -> None:
        calls.append(args)

    uri = "s3://acme-data/churn/v1"
    runtime.s3_read("SM_CHANNEL_TRAINING", uri, "download_file", download_file,
                    "acme-data", "churn/v1/train.csv", str(tmp_path / "a.csv"))
    assert calls == [("acme-data", "churn/v1/train.csv", str(tmp_path / "a.csv"))]  # laptop
    channel = tmp_path / "channel"
    channel.mkdir()
    (channel / "train.csv").write_text("a,b\n1,2\n")
    monkeypatch.setenv("SM_CHANNEL_TRAINING", str(channel))
    monkeypatch.setenv("SM_MODEL_DIR", str(tmp_path / "model"))
    runtime.s3_read("SM_CHANNEL_TRAINING", uri, "download_file", download_file,
                    "acme-data", "churn/v1/train.csv", str(tmp_path / "b.csv"))
    assert len(calls) == 1 and (tmp_path / "b.csv").read_text() == "a,b\n1,2\n"
    body = runtime.s3_read("SM_CHANNEL_TRAINING", uri, "get_object", None,
                           Bucket="acme-data", Key="churn/v1/train.csv")["Body"]
    assert list(body.iter_lines()) == [b"a,b", b"1,2"]
    assert runtime.s3_path("SM_CHANNEL_TRAINING", uri, f"{uri}/train.csv") == str(
        channel / "train.csv")
    assert runtime.s3_path("SM_CHANNEL_TRAINING", uri, f"{uri}2/train.csv") == f"{uri}2/train.csv"
    # An object outside the channel's prefix is read from S3 as written.
    runtime.s3_read("SM_CHANNEL_TRAINING", uri, "download_file", download_file,
                    "acme-data", "other/train.csv", str(tmp_path / "c.csv"))
    assert len(calls) == 2


def test_runtime_upload_lands_in_the_job_folder(
    runtime: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[object] = []
    (tmp_path / "model.joblib").write_bytes(b"model")
    runtime.s3_upload("SM_MODEL_DIR", "upload_file", lambda *a: sent.append(a),
                      str(tmp_path / "model.joblib"), "acme-data", "models/m.joblib")
    assert len(sent) == 1  # laptop: uploaded
    monkeypatch.setenv("SM_MODEL_DIR", str(tmp_path / "model"))
    runtime.s3_upload("SM_MODEL_DIR", "upload_file", lambda *a: sent.append(a),
                      str(tmp_path / "model.joblib"), "acme-data", "models/m.joblib")
    runtime.s3_upload("SM_MODEL_DIR", "put_object", lambda **k: sent.append(k),
                      Bucket="acme-data", Key="models/meta.json", Body='{"a": 1}')
    assert len(sent) == 1
    assert (tmp_path / "model" / "m.joblib").read_bytes() == b"model"
    assert (tmp_path / "model" / "meta.json").read_text() == '{"a": 1}'


def test_runtime_without_s3_has_no_s3_helpers() -> None:
    assert "def s3_read" not in render_runtime()["sagebridge_runtime.py"]


def test_bucket_resource_methods_followed_through_a_bound_name() -> None:
    found = _accesses('''
        import boto3
        BUCKET = "acme-data"
        bucket = boto3.resource("s3").Bucket(BUCKET)
        bucket.download_file("churn/v1/train.csv", "/tmp/train.csv")
        boto3.resource("s3").Bucket("acme-data").upload_file("model.pt", "models/model.pt")
        other = make()
        other.download_file("not-a-key")
    ''')
    assert [(a.kind, a.uri, a.on_bucket, a.local_line) for a in found] == [
        ("download", "s3://acme-data/churn/v1/train.csv", True, 5),
        ("upload", "s3://acme-data/models/model.pt", True, 6),
        ("download", "", False, 0),  # a client call whose bucket and key can't be followed
    ]


def test_runtime_bucket_resource_download_reads_the_channel_copy(
    runtime: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Bucket:
        name = "acme-data"

        def download_file(self, key: str, filename: str) -> None:
            raise AssertionError("S3 read in the job")

    channel = tmp_path / "channel"
    (channel / "v1").mkdir(parents=True)
    (channel / "v1" / "train.csv").write_text("x\n1\n")
    monkeypatch.setenv("SM_CHANNEL_TRAINING", str(channel))
    monkeypatch.setenv("SM_MODEL_DIR", str(tmp_path / "model"))
    runtime.s3_read("SM_CHANNEL_TRAINING", "s3://acme-data/churn", "Bucket.download_file",
                    Bucket().download_file, "churn/v1/train.csv", str(tmp_path / "t.csv"))
    assert (tmp_path / "t.csv").read_text() == "x\n1\n"


def test_object_keys_and_scratch_copies_are_not_local_paths_the_file_beside_them_is() -> None:
    module = ParsedModule.parse("train.py", textwrap.dedent('''
        import boto3
        s3 = boto3.client("s3")
        s3.download_file("acme-data", "data/train.csv", "/tmp/train.csv")
        bucket = boto3.resource("s3").Bucket("acme-data")
        bucket.upload_file("model.pkl", "models/house-prices/model.pkl")
    '''))
    found = find_paths(module, ())
    assert {p.value for p in found} >= {"/tmp/train.csv", "model.pkl",
                                        "models/house-prices/model.pkl"}
    kept = not_local_paths(find_s3_accesses(module), tuple(found))
    assert sorted(p.value for p in kept) == ["model.pkl"]
