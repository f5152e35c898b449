"""Build the pipeline definition from OUT/pipeline/pipeline.py, offline: the one builder that
`run --local`, `validate` and `cost` use.

The generated pipeline is the single source of truth: `pipeline.py --definition` runs in a
subprocess against a moto server on 127.0.0.1 (the SDK uploads the code while it builds). The
subprocess gets dummy credentials, no AWS profile or endpoint of the user's, and an HTTP(S)
proxy that goes nowhere for anything but loopback, so nothing it does can reach AWS. Callers
that need the uploaded code (the local runner) get each object through `on_upload`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.project.layout import PIPELINE_FILE

OFFLINE_REGION = "us-east-1"
# The documentation account id, for values that need one offline.
OFFLINE_ACCOUNT = "123456789012"
OFFLINE_KEY = "offline"
# The discard port: a request that escapes the endpoint override fails at once, never reaching AWS.
DEAD_LOOPBACK = "http://127.0.0.1:9"
_PROXY_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")


class DefinitionError(Exception):
    """pipeline.py built no definition. The message names the script and holds its stderr's
    tail; `detail` is what went wrong without the script's name; `returncode` is the exit
    status (124 for a timeout), None when it exited 0 but printed no JSON object."""

    def __init__(self, script: Path, detail: str, returncode: int | None = None,
                 stderr: str = "") -> None:
        super().__init__(f"{script} --definition {detail}")
        self.detail = detail
        self.returncode = returncode
        self.stderr = stderr


def offline_env(endpoint: str | None = None) -> dict[str, str]:
    """This process's environment without the user's AWS settings, for generated code offline.

    Dummy credentials, a region, SageMaker's role validation off, `endpoint` (a loopback
    server) as AWS_ENDPOINT_URL when given, and every non-loopback request sent to a dead
    loopback proxy, so nothing can reach AWS even if a library ignores AWS_ENDPOINT_URL (the SDK
    asks the real STS for the account id when it lacks a bucket).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "AWS_ACCESS_KEY_ID": OFFLINE_KEY,
            "AWS_SECRET_ACCESS_KEY": OFFLINE_KEY,
            "AWS_DEFAULT_REGION": OFFLINE_REGION,
            "AWS_REGION": OFFLINE_REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            # no profile, config or credentials file of the user's is read either
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "SAGEMAKER_VALIDATE_ROLE": "false",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update({name: DEAD_LOOPBACK for name in _PROXY_NAMES})
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    return env


@contextlib.contextmanager
def loopback_moto() -> Iterator[str]:
    """A moto server on 127.0.0.1 (a free port), yielding its URL; stopped on exit."""
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request to stderr; keep our callers' output to their own.
    werkzeug_log = logging.getLogger("werkzeug")
    previous_level = werkzeug_log.level
    werkzeug_log.setLevel(logging.CRITICAL)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    # moto's backends live in this process, shared by every server it starts: without a reset,
    # a second build in the same process would see (and report as uploaded) the first's objects.
    _reset_moto()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        werkzeug_log.setLevel(previous_level)


def _reset_moto() -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


def build_offline_definition(
    out: Path,
    *,
    tuning: bool = False,
    timeout: float | None = None,
    on_upload: Callable[[str, bytes], None] | None = None,
) -> dict[str, Any]:
    """Run OUT/pipeline/pipeline.py --definition [--tuning] offline -> the definition document.

    UserError when pipeline.py is missing; DefinitionError when it fails, times out or prints
    no JSON object. `on_upload(uri, body)` gets every object the build uploaded.
    """
    script = out / PIPELINE_FILE
    if not script.is_file():
        raise UserError(f"{script}: not found; run `sagebridge migrate` to generate the project")
    command = [sys.executable, PIPELINE_FILE, "--definition", *(["--tuning"] if tuning else [])]
    with loopback_moto() as endpoint:
        try:
            done = subprocess.run(
                command, cwd=out, env=offline_env(endpoint), capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            stderr = f"timed out after {timeout:.0f} s"
            raise DefinitionError(script, stderr, 124, stderr) from None
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise DefinitionError(script, f"failed:\n{tail}", done.returncode, done.stderr)
        try:
            definition = json.loads(done.stdout)
        except json.JSONDecodeError as error:
            raise DefinitionError(script, f"printed no JSON document ({error})") from error
        if not isinstance(definition, dict):
            raise DefinitionError(script, "printed JSON that is not a definition (no object)")
        if on_upload is not None:
            _copy_uploads(endpoint, on_upload)
    return definition


def _copy_uploads(endpoint: str, on_upload: Callable[[str, bytes], None]) -> None:
    import boto3
    from botocore.config import Config

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=OFFLINE_REGION,
        aws_access_key_id=OFFLINE_KEY,
        aws_secret_access_key=OFFLINE_KEY,
        # moto is on loopback: never through the user's HTTP(S)_PROXY, which may not even be
        # reachable (proxies={} is "none"; None would read them from the environment).
        config=Config(proxies={}),
    )
    for bucket in s3.list_buckets().get("Buckets", []):
        paginator = s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=bucket["Name"]):
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket["Name"], Key=item["Key"])["Body"].read()
                on_upload(f"s3://{bucket['Name']}/{item['Key']}", body)
