"""Build the pipeline definition JSON from OUT/pipeline/pipeline.py, offline.

The generated pipeline is the single source of truth: we run `pipeline.py --definition` in a
subprocess against a moto S3 server on 127.0.0.1 (the SDK uploads the code while it builds),
then copy every uploaded object into the local object store, where the steps will find them.
The subprocess gets dummy credentials, no AWS profile, and an HTTP(S) proxy that goes nowhere
for anything but loopback, so nothing it does can reach AWS.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.local.store import ObjectStore, StoreError, tree_digest
from sagebridge.state import read_json_entry, write_atomic

PIPELINE_SCRIPT = Path("pipeline") / "pipeline.py"
REGION = "us-east-1"
_DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: a request that escapes fails at once


class DefinitionError(Exception):
    """pipeline.py failed to build its definition: the message holds its stderr."""


def offline_env(endpoint: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "offline",
            "AWS_SECRET_ACCESS_KEY": "offline",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "SAGEMAKER_VALIDATE_ROLE": "false",
            "HTTP_PROXY": _DEAD_PROXY,
            "HTTPS_PROXY": _DEAD_PROXY,
            "NO_PROXY": "127.0.0.1,localhost",
        }
    )
    for key in ("http_proxy", "https_proxy", "no_proxy"):
        env.pop(key, None)
    return env


def cached_definition(
    out: Path,
    store: ObjectStore,
    cache_dir: Path,
    tuning: bool = False,
    use_cache: bool = True,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """`build_definition`, reused while pipeline/ and code/ are unchanged (the build imports
    the SDK and starts moto: ~10 s that an unchanged project need not pay again). A damaged
    cache entry is rebuilt, with a line in `warnings`."""
    from importlib.metadata import version

    key = hashlib.sha256(
        json.dumps(
            {
                "pipeline": tree_digest(out / PIPELINE_SCRIPT.parent),
                "code": tree_digest(out / "code") if (out / "code").is_dir() else None,
                "tuning": tuning,
                "sdk": version("sagemaker"),
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()
    entry_path = cache_dir / f"{key}.json"
    notes = [] if warnings is None else warnings
    entry = read_json_entry(entry_path, notes, "definition cache") if use_cache else None
    if entry is not None:
        definition, uploads = entry.get("definition"), entry.get("uploads")
        if (
            isinstance(definition, dict)
            and isinstance(definition.get("Steps"), list)
            and isinstance(uploads, list)
            and all(isinstance(uri, str) for uri in uploads)
        ):
            try:
                if all(store.exists(uri) for uri in uploads):
                    return definition
            except StoreError:
                notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
        else:
            notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
    uploaded: list[str] = []
    built = build_definition(out, store, tuning=tuning, uploaded=uploaded)
    write_atomic(entry_path, json.dumps({"definition": built, "uploads": uploaded}))
    return built


def build_definition(
    out: Path, store: ObjectStore, tuning: bool = False, uploaded: list[str] | None = None
) -> dict[str, Any]:
    """Run OUT/pipeline/pipeline.py --definition offline; mirror its uploads into `store`."""
    script = out / PIPELINE_SCRIPT
    if not script.is_file():
        raise UserError(f"{script}: not found; run `sagebridge migrate` to generate the project")
    import boto3
    from botocore.config import Config
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        command = [sys.executable, str(PIPELINE_SCRIPT), "--definition"]
        if tuning:
            command.append("--tuning")
        done = subprocess.run(
            command,
            cwd=out,
            env=offline_env(endpoint),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise DefinitionError(f"{script} --definition failed:\n{tail}")
        definition: dict[str, Any] = json.loads(done.stdout)
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="offline",
            aws_secret_access_key="offline",
            # moto is on loopback: never through the user's HTTP(S)_PROXY, which may not even
            # be reachable (proxies={} is "none"; None would read them from the environment).
            config=Config(proxies={}),
        )
        for bucket in s3.list_buckets().get("Buckets", []):
            paginator = s3.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=bucket["Name"]):
                for item in page.get("Contents", []):
                    body = s3.get_object(Bucket=bucket["Name"], Key=item["Key"])["Body"].read()
                    uri = f"s3://{bucket['Name']}/{item['Key']}"
                    store.put_bytes(body, uri)
                    if uploaded is not None:
                        uploaded.append(uri)
    finally:
        server.stop()
    return definition
