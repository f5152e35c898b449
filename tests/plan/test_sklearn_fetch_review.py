"""A scikit-learn `fetch_*` download in the training script (dmlc/xgboost demo
sklearn_parallel.py: `fetch_california_housing(return_X_y=True)`) is a Train item to review:
the job downloads the dataset (needs internet). It migrated as complete (exit 0) and the job
failed offline on a URLError."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_with_index
from sagebridge.model import ArtifactStatus
from sagebridge.plan import build_plan

TRAIN = '''
from sklearn.datasets import {loader}
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

X, y = {loader}(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
model = Ridge().fit(X_train, y_train)
print(f"test r2: {{model.score(X_test, y_test)}}")
'''


def _reviews(tmp_path: Path, loader: str) -> list[tuple[str, str]]:
    (tmp_path / "train.py").write_text(TRAIN.format(loader=loader))
    plan = build_plan(analyze_with_index(tmp_path, entry_point="train.py"))
    return [
        (a.name, a.where)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW and "scikit-learn's data home" in a.reason
    ]


def test_a_fetched_dataset_needs_review(tmp_path: Path) -> None:
    assert _reviews(tmp_path, "fetch_california_housing") == [("Train", "train.py:6")]


def test_a_bundled_dataset_does_not(tmp_path: Path) -> None:
    assert _reviews(tmp_path, "load_diabetes") == []
