"""The definition build is offline: a user's HTTP(S)_PROXY, even an unreachable one, plays no
part (the build talks only to moto on 127.0.0.1)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sagebridge.local.definition import build_definition
from sagebridge.local.run.runner import local_store

# What the SDK does while it builds: upload code through AWS_ENDPOINT_URL, print the JSON.
PIPELINE = textwrap.dedent(
    """
    import json, boto3
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="code")
    s3.put_object(Bucket="code", Key="train/train.py", Body=b"print('hi')")
    print(json.dumps({"Version": "2020-12-01", "Parameters": [], "Steps": []}))
    """
)
CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens, a connection fails


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "ALL_PROXY"])
def test_an_unreachable_proxy_does_not_break_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    out = tmp_path / "out"
    (out / "pipeline").mkdir(parents=True)
    (out / "pipeline" / "pipeline.py").write_text(PIPELINE)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", variable):
        monkeypatch.setenv(name, CLOSED_PORT)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    store = local_store(out)
    uploaded: list[str] = []
    definition = build_definition(out, store, uploaded=uploaded)
    assert definition["Steps"] == []
    assert uploaded == ["s3://code/train/train.py"]
    assert store.path_for("s3://code/train/train.py").read_bytes() == b"print('hi')"


def test_a_second_build_in_the_same_process_reports_only_its_own_uploads(tmp_path: Path) -> None:
    """moto's backends are per process: the first build's bucket must not leak into the second."""
    first, second = tmp_path / "first", tmp_path / "second"
    for out, bucket in ((first, "first-code"), (second, "second-code")):
        (out / "pipeline").mkdir(parents=True)
        (out / "pipeline" / "pipeline.py").write_text(PIPELINE.replace('"code"', f'"{bucket}"'))
    build_definition(first, local_store(first), uploaded=[])
    uploaded: list[str] = []
    build_definition(second, local_store(second), uploaded=uploaded)
    assert uploaded == ["s3://second-code/train/train.py"]
