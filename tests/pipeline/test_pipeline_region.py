"""Importing pipeline/pipeline.py leaves the user's region alone.

`sagebridge execute` (and scripts/run_pipeline.sh, which runs it) imports the generated module to
build the definition that is deployed; the region the user configured (here in an AWS config file, as `aws configure`
writes it) must be the one the SDK's clients then use. Only running the file as a script (the
offline `--definition` build, in its own process) defaults a dummy region. The subprocesses get
no credentials and a dead proxy: nothing here talks to AWS, and nothing needs to.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pipeline.sample_plan import sample_plan
from pipeline.test_pipeline_definition import offline_env, render

PROBE = """
import importlib.util, json, os, sys
import boto3
spec = importlib.util.spec_from_file_location("generated_pipeline", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps({"env": os.environ.get("AWS_DEFAULT_REGION"),
                  "boto3": boto3.session.Session().region_name,
                  "client": boto3.client("sagemaker").meta.region_name}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(sample_plan(), tmp_path_factory.mktemp("out"))


# botocore 1.44 reads AWS_DEFAULT_REGION and the config file, not AWS_REGION: a region given only
# as AWS_REGION is no region for boto3 (nor for the SDK), so it is not a case here.
@pytest.mark.parametrize("how", ["config-file", "AWS_DEFAULT_REGION"])
def test_import_keeps_the_configured_region(project: Path, tmp_path: Path, how: str) -> None:
    env = offline_env()  # no AWS_* variables at all
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-2\n" if how == "config-file" else "")
    env["AWS_CONFIG_FILE"] = str(config)
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-credentials")
    if how != "config-file":
        env[how] = "eu-west-2"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(project / "pipeline" / "pipeline.py")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["client"] == "eu-west-2"
    assert seen["boto3"] == "eu-west-2"
    assert seen["env"] == ("eu-west-2" if how == "AWS_DEFAULT_REGION" else None)
