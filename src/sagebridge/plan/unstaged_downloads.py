"""Downloads the training job would make that no channel stages are Train items to review.

    with requests.get(cora_url, stream=True) as r:       -> needs review (gcn.py:37): the
        tarfile.open(fileobj=r.raw, mode="r:gz")...         response is extracted, not
                                                            written to one file a channel holds
    MNIST("./data", download=True)  (Lightning's demo)   -> needs review (train.py:36)
    WikiText2(data_dir)             (Lightning's demo)   -> needs review
    download_and_extract_archive(url=DATA_URL, ...)      -> needs review (torchvision's utility
                                                            unpacks the archive itself)
    resnet18(weights="DEFAULT") / torch.hub.load(...)    -> needs review (model.py:12): the
                                                            pretrained weights download in the job

A SageMaker job may have no internet (network isolation, a VPC without NAT), and `run --local`
offline fails: `migrate` says so and exits 3 instead of reporting a complete project that
downloads at run time without saying so. A response written to a file (`staged_response`) and
urlretrieve-style fetches (`staged_download`) are staged and are not listed here.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.analyze.knowledge import ARCHIVE_FETCHERS
from sagebridge.analyze.lightning_demos import LIGHTNING_DEMO_DATASETS
from sagebridge.model import (
    Analysis,
    Artifact,
    ArtifactStatus,
    DatasetDownload,
    WeightDownload,
)
from sagebridge.model.steps import StepsPlan
from sagebridge.plan.url_data import TRAIN_STEP

# Fetchers whose response the script uses itself; staged only when written to one file (url).
RESPONSE_FETCHERS = frozenset({"requests.get", "urllib.request.urlopen"})
_NO_INTERNET = "it needs internet access (no network isolation; a VPC needs NAT)"


def unstaged(download: DatasetDownload) -> bool:
    """A download no channel stages: a response used as it is, or a Lightning demo dataset."""
    return (
        (download.call in RESPONSE_FETCHERS and not download.url)
        or download.call in LIGHTNING_DEMO_DATASETS
        or download.call in ARCHIVE_FETCHERS
    )


def _reason(download: DatasetDownload) -> str:
    if download.call in LIGHTNING_DEMO_DATASETS:
        return (
            f"Lightning's demo dataset {download.dataset} downloads itself in the training "
            f"job: {_NO_INTERNET}; or load the data from a folder the script reads "
            "(torchvision's MNIST(root), a text file), which becomes its channel"
        )
    if download.call in ARCHIVE_FETCHERS:
        return (
            f"{download.call} downloads and extracts `{download.dataset}` in the training job: "
            f"{_NO_INTERNET}; or upload the extracted folder as the input data and skip the "
            "download when SM_CHANNEL_TRAINING is set"
        )
    return (
        f"{download.call} downloads `{download.dataset}` in the training job and the script "
        f"uses the response itself (extracted or parsed, not written to one file): "
        f"{_NO_INTERNET}; or upload what it makes as the input data and skip the download "
        "when SM_CHANNEL_TRAINING is set"
    )


def _weights_reason(weights: WeightDownload) -> str:
    return (
        f"{weights.what} downloads pretrained weights in the training job: {_NO_INTERNET}; or "
        "save the weights file once, upload it with the input data (a channel) and load it "
        "with `model.load_state_dict(torch.load(path))` on a model built without weights"
    )


def with_unstaged_download_review(analysis: Analysis, steps: StepsPlan) -> StepsPlan:
    """One "needs review" item per unstaged download of the training code, and per pretrained
    weights download."""
    review = tuple(
        Artifact(TRAIN_STEP, ArtifactStatus.NEEDS_REVIEW, _reason(d), f"{d.file}:{d.line}")
        for d in analysis.dataset_downloads
        if unstaged(d)
    ) + tuple(
        Artifact(TRAIN_STEP, ArtifactStatus.NEEDS_REVIEW, _weights_reason(w), f"{w.file}:{w.line}")
        for w in analysis.weight_downloads
    )
    return replace(steps, artifacts=steps.artifacts + review) if review else steps
