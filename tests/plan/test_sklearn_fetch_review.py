"""A scikit-learn `fetch_*` download in the training script (dmlc/xgboost demo
sklearn_parallel.py: `fetch_california_housing(return_X_y=True)`) migrated as complete (exit 0)
and the job failed offline on a URLError. It is now staged by Preprocess
(tests/frameworks/sklearn_fetch); one Preprocess cannot stage stays a Train item to review."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
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
    plan = build_plan(analyze_project(tmp_path, entry_point="train.py"))
    return [
        (a.name, a.where)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW and "scikit-learn's data home" in a.reason
    ]


def test_a_fetched_dataset_with_known_arguments_is_staged_not_reviewed(tmp_path: Path) -> None:
    assert _reviews(tmp_path, "fetch_california_housing") == []


def test_a_fetch_outside_the_entry_point_needs_review(tmp_path: Path) -> None:
    (tmp_path / "data.py").write_text(
        "from sklearn.datasets import fetch_covtype\n\n\ndef load():\n"
        "    return fetch_covtype(return_X_y=True)\n"
    )
    (tmp_path / "train.py").write_text(
        "from data import load\nX, y = load()\nprint(f'test accuracy: {len(y)}')\n"
    )
    plan = build_plan(analyze_project(tmp_path, entry_point="train.py"))
    reviews = [
        (a.where, a.reason) for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW
    ]  # fmt: skip
    assert [where for where, _ in reviews] == ["data.py:5"]
    assert "not staged: it is called outside the entry point (data.py)" in reviews[0][1]


def test_a_bundled_dataset_does_not(tmp_path: Path) -> None:
    assert _reviews(tmp_path, "load_diabetes") == []
