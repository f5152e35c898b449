"""A scikit-learn `fetch_*` dataset the training script downloads is a step to review.

    X, y = fetch_california_housing(return_X_y=True)   -> needs review (train.py:17)

The fetcher downloads into scikit-learn's data home (~/scikit_learn_data) when its cached file is
missing. No channel stages that folder yet, so the training job downloads it: it needs internet
(no network isolation; a VPC needs NAT), and `run --local` without network fails. `migrate` says
so and exits 3 instead of reporting a complete project.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.analyze.knowledge import SKLEARN_FETCHERS
from sagebridge.model import Analysis, Artifact, ArtifactStatus
from sagebridge.model.steps import StepsPlan
from sagebridge.plan.url_data import TRAIN_STEP

SKLEARN_DATASETS = "sklearn.datasets."


def with_sklearn_fetch_review(analysis: Analysis, steps: StepsPlan) -> StepsPlan:
    """One "needs review" item per `sklearn.datasets.fetch_*` call of the training code."""
    review = tuple(
        Artifact(
            TRAIN_STEP,
            ArtifactStatus.NEEDS_REVIEW,
            f"{d.call} downloads `{d.dataset}` into scikit-learn's data home in the training "
            "job: it needs internet access (no network isolation; a VPC needs NAT); or load the "
            "data from a file the script reads (a CSV, `np.load`), which becomes its channel",
            f"{d.file}:{d.line}",
        )
        for d in analysis.dataset_downloads
        if d.call.startswith(SKLEARN_DATASETS)
        and d.call.removeprefix(SKLEARN_DATASETS) in SKLEARN_FETCHERS
    )
    return replace(steps, artifacts=steps.artifacts + review) if review else steps
