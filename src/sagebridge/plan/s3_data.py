"""S3 the script reads itself becomes an input channel; what it uploads lands in the job's folders.

Before (the user's train.py, written for an EC2 box)     After (S3Plan + ChannelPlan)
    s3.download_file(BUCKET, "churn/v1/train.csv", LOCAL)    channel `training`, fed from
    s3.get_object(Bucket=BUCKET, Key="churn/v1/test.csv")    uri="s3://acme-data/churn/v1":
    pd.read_csv("s3://acme-data/churn/v1/valid.csv")           InputDataUri defaults to it and the
    s3.upload_file("model.joblib", BUCKET, "models/m.joblib")   role may read only that prefix
                                                             the upload -> SM_MODEL_DIR in the job

The channel's prefix is the folder every read key shares (`churn/v1`); SageMaker copies what is
under it to SM_CHANNEL_TRAINING, and the S3 transform (transform/s3_access.py) makes each read
take that copy in the job and S3 as before on a laptop. Reads in a second bucket, or at a
location analysis could not follow, stay as written (a warning: the job needs access there).
An upload of a model file (a model save's path, or a model suffix) goes to the model dir, any
other upload to the output data dir, instead of S3; so does a pandas write to an s3:// URI
(`preds.to_csv("s3://...")`), by the URI's file name, even when the URI could not be followed.
"""

from __future__ import annotations

import posixpath
import re

from sagebridge import contract
from sagebridge.model import (
    Analysis,
    ChannelPlan,
    DatasetPlan,
    PathRole,
    S3Access,
    S3Call,
    S3CallKind,
    S3Plan,
)

READ_KINDS = ("read", "download", "get_object")
WRITE_KINDS = ("upload", "write")
MODEL_SUFFIXES = frozenset(
    {".pt", ".pth", ".pkl", ".pickle", ".joblib", ".h5", ".keras", ".onnx", ".model", ".ubj",
     ".bin", ".safetensors", ".cbm", ".ckpt", ".gz", ".tar"}
)


def without_s3_copies(analysis: Analysis, dataset: DatasetPlan | None) -> DatasetPlan | None:
    """No CSV Preprocess/Evaluate for a script that reads S3 itself: its file is a local copy
    (`/tmp/train.csv`) or the S3 object, neither of which the input data URI holds by that name;
    the channel is fed from the S3 prefix as it is and the gate reads the job's metric."""
    reads = any(a.kind in READ_KINDS and a.uri for a in analysis.s3_accesses)
    return None if reads and dataset is not None and dataset.kind == "csv" else dataset


def split_uri(uri: str) -> tuple[str, str]:
    """`s3://bucket/a/b.csv` -> ("bucket", "a/b.csv")."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def plan_s3(
    analysis: Analysis, channels: tuple[ChannelPlan, ...]
) -> tuple[tuple[ChannelPlan, ...], S3Plan | None, tuple[str, ...]]:
    """`channels` plus the S3 channel, the plan for the S3 transform, and warnings."""
    accesses = analysis.s3_accesses
    if not accesses:
        return channels, None, ()
    warnings = [
        f"{a.file}:{a.line}: {a.call} reads S3 at a location sagebridge could not follow to "
        "text: left as written, so the training job reads S3 itself (its role needs read access "
        "there); write the bucket and key as constants or option defaults and migrate again"
        for a in accesses if a.kind in READ_KINDS and not a.uri
    ]
    reads = [a for a in accesses if a.kind in READ_KINDS and a.uri]
    bucket, prefix = _location(reads)
    kept = [a for a in reads if split_uri(a.uri)[0] == bucket]
    warnings += [
        f"{a.file}:{a.line}: {a.call} reads {a.uri}, in a second bucket: left as written, so "
        f"the training job reads it from S3 (only s3://{bucket}/{prefix} is its input channel)"
        for a in reads if a not in kept
    ]
    added: tuple[ChannelPlan, ...] = ()
    uri = ""
    env = ""
    if kept:
        uri = f"s3://{bucket}/{prefix}".rstrip("/")
        name = _channel_name({c.name for c in channels})
        env = contract.channel_env(name)
        added = (ChannelPlan(name=name, env=env, fallback=uri, file=kept[0].file, line=0),)
        warnings += [
            f"{folder}: the script also reads this local folder; every channel is fed from "
            f"InputDataUri, which defaults to {uri}/: copy the folder's files under that prefix "
            "(or pass -p InputDataUri=... holding both)"
            for folder in dict.fromkeys(c.fallback for c in channels)
        ]
    calls = tuple(_call(a, analysis) for a in (*kept, *_uploads(accesses)))
    if not calls:
        return channels, None, tuple(warnings)
    plan = S3Plan(uri=uri, bucket=bucket, prefix=prefix, channel_env=env, calls=calls)
    return (*channels, *added), plan, tuple(warnings)


def _location(reads: list[S3Access]) -> tuple[str, str]:
    """The first read's bucket and the folder its reads there share ("" for the bucket)."""
    if not reads:
        return "", ""
    bucket = split_uri(reads[0].uri)[0]
    folders = [posixpath.dirname(split_uri(a.uri)[1]) for a in reads
               if split_uri(a.uri)[0] == bucket]
    parts = [folder.split("/") if folder else [] for folder in folders]
    common: list[str] = []
    for level in zip(*parts):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return bucket, "/".join(common)


def _uploads(accesses: tuple[S3Access, ...]) -> list[S3Access]:
    return [a for a in accesses if a.kind in WRITE_KINDS]


def _call(access: S3Access, analysis: Analysis) -> S3Call:
    method = access.call.rsplit(".", 1)[-1]
    target = ""
    if access.kind in WRITE_KINDS:
        target = contract.ENV_MODEL_DIR if _is_model(access, analysis) else (
            contract.ENV_OUTPUT_DATA_DIR
        )
    return S3Call(S3CallKind(access.kind), access.file, access.line, method, target, access.on_bucket)


def _is_model(upload: S3Access, analysis: Analysis) -> bool:
    """The uploaded file is a model save's path, or its key has a model file's suffix."""
    saved = {
        (p.file, p.line) for p in analysis.hard_coded_paths if p.role is PathRole.MODEL
    }
    if upload.local_line and (upload.file, upload.local_line) in saved:
        return True
    key = split_uri(upload.uri)[1] if upload.uri else ""
    return posixpath.splitext(key)[1].lower() in MODEL_SUFFIXES


def _channel_name(taken: set[str]) -> str:
    if contract.DEFAULT_TRAINING_CHANNEL not in taken:
        return contract.DEFAULT_TRAINING_CHANNEL
    name, number = "s3_data", 2
    while name in taken:
        name, number = f"s3_data{number}", number + 1
    return re.sub(r"[^a-z0-9_]", "_", name)
