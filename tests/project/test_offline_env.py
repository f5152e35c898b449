"""One offline environment: `execute --dry-run`'s definition build (aws/definition.py) gets the
same environment as the offline builder validate and `run --local` use
(`sagebridge.project.definition.offline_env`), not a second hand-made one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sagebridge.aws.definition import Variant, script_definition
from sagebridge.project import load_project
from sagebridge.project.definition import offline_env

NAMES = {"project": "p", "stack": "s", "pipeline": "pl", "model_package_group": "g",
         "endpoint": "e", "role": "r", "bucket_prefix": "b", "base_job": "j"}
SEEN = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_REGION",
        "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY")
# A stand-in pipeline.py: its "definition" is the environment it was started with.
PIPELINE = f"""
import json, os
print(json.dumps({{"Steps": [], "seen": {{k: os.environ.get(k) for k in {SEEN!r}}}}}))
"""


def test_the_dry_run_build_gets_the_one_offline_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "metadata.json").write_text(json.dumps({"names": NAMES}))
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "pipeline.py").write_text(PIPELINE)
    for name, value in {"AWS_ACCESS_KEY_ID": "AKIAUSERS", "AWS_PROFILE": "prod",
                        "AWS_ENDPOINT_URL": "https://example.invalid",
                        "AWS_CONFIG_FILE": str(tmp_path / "config")}.items():
        monkeypatch.setenv(name, value)
    seen = script_definition(load_project(tmp_path), Variant())["seen"]
    expected = offline_env()
    assert seen == {name: expected.get(name) for name in SEEN}
    assert seen["AWS_ACCESS_KEY_ID"] != "AKIAUSERS" and seen["AWS_PROFILE"] is None
    assert seen["AWS_CONFIG_FILE"] == seen["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
