"""`sagebridge upload-data OUT CHANNEL=PATH...`: put the user's data into the stack's bucket.

Each file goes to `s3://<bucket>/<pipeline>/data/<channel>/<path relative to PATH>` through
s3transfer (multipart above 8 MiB, parallel parts) with a progress bar. The pipeline's
`InputDataUri` reads `s3://<bucket>/<pipeline>/data/raw/` unless an execution passes another
URI, so the channel `raw` is the one it reads by default. The file's SHA-256 travels as
object metadata, so a second upload of unchanged files is skipped after one HEAD each; objects
uploaded by other tools are compared by ETag when it is a plain (single-part) MD5.

    upload_data(project, clients, progress, {"training": Path("data/mnist")})
    # s3://sagebridge-ec2-mnist-123456789012-us-east-1/ec2-mnist-pipeline/data/raw/  3 uploaded
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sagebridge.aws.project import BUCKET_OUTPUT, Project
from sagebridge.aws.session import Clients, error_code
from sagebridge.aws.stack import describe_stack, stack_outputs
from sagebridge.errors import UserError
from sagebridge.model import StrEnum
from sagebridge.progress import Progress

DATA_PREFIX = "data"
# The channel whose folder is the default of the pipeline's InputDataUri parameter
# (pipeline/pipeline.py: s3://<bucket>/<pipeline>/data/raw).
DEFAULT_INPUT_CHANNEL = "raw"
INPUT_PARAMETER = "InputDataUri"
CHECKSUM_KEY = "sagebridge-sha256"  # stored as x-amz-meta-sagebridge-sha256
MIB = 1024 * 1024
MULTIPART_THRESHOLD = 8 * MIB
MULTIPART_CHUNKSIZE = 8 * MIB
MAX_CONCURRENCY = 4
DRY_RUN_BUCKET = f"<bucket from the stack's {BUCKET_OUTPUT} output>"


class FileAction(StrEnum):
    UPLOADED = "uploaded"
    UNCHANGED = "unchanged"
    PLANNED = "planned"


@dataclass(frozen=True)
class UploadedFile:
    path: str  # relative to the channel's PATH
    key: str
    size: int
    action: FileAction


@dataclass(frozen=True)
class ChannelUpload:
    channel: str
    uri: str  # s3://bucket/<pipeline>/data/<channel>/ : what a pipeline input parameter takes
    files: tuple[UploadedFile, ...]
    read_by_default: bool  # the folder the pipeline's InputDataUri names unless overridden


def parse_channels(pairs: list[str]) -> dict[str, Path]:
    channels: dict[str, Path] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name or not value:
            raise UserError(f"{pair!r}: expected CHANNEL=PATH, e.g. raw=data/mnist")
        path = Path(value)
        if not path.exists():
            raise UserError(f"{path}: not found (channel {name})")
        channels[name] = path
    return channels


def data_bucket(project: Project, clients: Clients) -> str:
    """The bucket from the stack's outputs; a missing stack is a user error."""
    if clients.dry_run:
        return DRY_RUN_BUCKET
    bucket = stack_outputs(describe_stack(clients, project.names.stack)).get(BUCKET_OUTPUT)
    if not bucket:
        raise UserError(
            f"stack {project.names.stack} has no {BUCKET_OUTPUT} output in {clients.region}; "
            f"run `sagebridge deploy {project.root}` first"
        )
    return bucket


def upload_data(
    project: Project, clients: Clients, progress: Progress, channels: Mapping[str, Path]
) -> list[ChannelUpload]:
    bucket = data_bucket(project, clients)
    prefix = f"{project.names.pipeline}/{DATA_PREFIX}"
    s3 = clients.get("s3")
    plans = {name: _files(path) for name, path in channels.items()}
    results: list[ChannelUpload] = []
    listing: list[UploadedFile]
    pending: list[tuple[str, Path, str, str, int]] = []  # channel, file, relative, key, size
    unchanged: dict[str, list[UploadedFile]] = {name: [] for name in channels}
    for name, files in plans.items():
        for relative, path in files:
            key = f"{prefix}/{name}/{relative}"
            size = path.stat().st_size
            if _unchanged(s3, bucket, key, path):
                unchanged[name].append(UploadedFile(relative, key, size, FileAction.UNCHANGED))
            else:
                pending.append((name, path, relative, key, size))
    uploaded: dict[str, list[UploadedFile]] = {name: [] for name in channels}
    action = FileAction.PLANNED if clients.dry_run else FileAction.UPLOADED
    total = sum(item[4] for item in pending)
    shown = not clients.dry_run and bool(pending)  # a dry run lists its calls instead
    if shown:
        progress.transfer_started(f"uploading to s3://{bucket}", total=total)
    try:
        for name, path, relative, key, size in pending:
            extra = {"Metadata": {CHECKSUM_KEY: _sha256(path)}}
            if clients.dry_run:
                s3.upload_file(Filename=str(path), Bucket=bucket, Key=key, ExtraArgs=extra)
            else:
                s3.upload_file(
                    Filename=str(path),
                    Bucket=bucket,
                    Key=key,
                    ExtraArgs=extra,
                    Config=_transfer_config(),
                    Callback=progress.transferred,
                )
            uploaded[name].append(UploadedFile(relative, key, size, action))
    finally:
        if shown:
            progress.transfer_finished()
    for name in channels:
        listing = sorted(uploaded[name] + unchanged[name], key=lambda f: f.key)
        results.append(ChannelUpload(name, f"s3://{bucket}/{prefix}/{name}/", tuple(listing),
                                     name == DEFAULT_INPUT_CHANNEL))
    return results


def _files(root: Path) -> list[tuple[str, Path]]:
    if root.is_file():
        return [(root.name, root)]
    return [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]


def _unchanged(s3: Any, bucket: str, key: str, path: Path) -> bool:
    from botocore.exceptions import ClientError

    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error_code(error) in {"404", "NoSuchKey", "NotFound"}:
            return False
        raise
    if not head or head.get("ContentLength") != path.stat().st_size:
        return False
    stored = (head.get("Metadata") or {}).get(CHECKSUM_KEY)
    if stored:
        return bool(stored == _sha256(path))
    etag = str(head.get("ETag", "")).strip('"')
    # A multipart ETag ("<md5 of md5s>-<parts>") is not a content hash: upload again.
    return (
        bool(etag) and "-" not in etag and etag == _digest(path, hashlib.md5(usedforsecurity=False))
    )


def _sha256(path: Path) -> str:
    return _digest(path, hashlib.sha256())


def _digest(path: Path, hasher: Any) -> str:
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(MIB), b""):
            hasher.update(block)
    return str(hasher.hexdigest())


def _transfer_config() -> Any:
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(
        multipart_threshold=MULTIPART_THRESHOLD,
        multipart_chunksize=MULTIPART_CHUNKSIZE,
        max_concurrency=MAX_CONCURRENCY,
    )
