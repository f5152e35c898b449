"""What a script expects of the machine it runs on, found by analysis: a CUDA GPU, direct S3
access, an IPython kernel. Each is something a SageMaker training job gives differently."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CudaUse:
    """A call that runs only on a CUDA GPU, in a file with no CPU fallback
    (analyze/cuda_requirement.py): `torch.cuda.set_device(rank)`, `backend="nccl"`."""

    file: str
    line: int
    what: str  # as the user would recognise it: 'init_process_group(backend="nccl")'


@dataclass(frozen=True)
class WeightDownload:
    """Pretrained weights the script fetches from the internet when it runs
    (analyze/pretrained_weights.py): `resnet18(weights="DEFAULT")`, `torch.hub.load(...)`."""

    file: str
    line: int
    what: str  # as the user would recognise it: 'resnet18(weights="DEFAULT")'


@dataclass(frozen=True)
class S3Access:
    """A call that reads or writes S3 directly (analyze/s3_access.py): the EC2 habit.

        s3.download_file(BUCKET, "data/train.csv", "/tmp/train.csv")  -> kind "download"
        s3.get_object(Bucket=BUCKET, Key=KEY)["Body"]                 -> kind "get_object"
        pd.read_csv("s3://bucket/data/train.csv")                      -> kind "read"
        s3.upload_file("model.joblib", BUCKET, "models/model.joblib")  -> kind "upload"
        preds.to_csv("s3://bucket/out/preds.csv")                      -> kind "write"
    """

    kind: str  # "read" | "download" | "get_object" | "upload" | "write"
    call: str  # as written: "pandas.read_csv", "s3.download_file"
    uri: str  # "s3://bucket/key" when bucket and key resolve to text; "" otherwise
    file: str
    line: int
    local_line: int = 0  # the literal of the local file a download writes or an upload reads
    on_bucket: bool = False  # a bucket resource's method (`Bucket(b).download_file(key, path)`)
    # The literal the object key starts from (an S3 key, not a local path): its line and value.
    key_line: int = 0
    key_literal: str = ""


@dataclass(frozen=True)
class NotebookMagic:
    """`get_ipython().run_line_magic("matplotlib", "inline")`: an IPython magic in a notebook
    exported by nbconvert. `get_ipython` exists only inside IPython: under `python`, as the
    training job runs the script, the statement raises NameError."""

    file: str
    line: int
    method: str  # "run_line_magic", "run_cell_magic", "system", "getoutput", "magic"
    magic: str  # the magic's name ("matplotlib"), or the command for system/getoutput
