"""`score` names a metric when the label names no other (an estimator's `.score()` printed or
logged, as the MLflow and scikit-learn examples do); `accuracy score` stays an accuracy and
`f1 score`/`r2 score` their own kinds (real scripts, issue 11 section 2)."""

from __future__ import annotations

import pytest

from sagebridge.analyze.metrics import find_metrics

from .conftest import parse

LOGGED = """
import mlflow
from sklearn.linear_model import LogisticRegression

if __name__ == "__main__":
    lr = LogisticRegression().fit(X, y)
    score = lr.score(X, y)
    print(f"Score: {score}")
    mlflow.log_metric("score", score)
"""


def _metrics(source: str) -> dict[str, tuple[str, bool]]:
    return {m.name: (m.kind, m.greater_is_better) for m in find_metrics(parse(source))}


def test_a_printed_and_logged_score_is_a_higher_is_better_metric():
    assert _metrics(LOGGED) == {"score": ("score", True)}


@pytest.mark.parametrize(
    ("label", "name", "kind"),
    [
        ("Test set score", "test_score", "score"),
        ("Accuracy score", "accuracy", "accuracy"),
        ("test f1 score", "test_f1", "f1"),
        ("validation r2 score", "validation_r2", "r2"),
        ("score of the loss", "loss", "loss"),
    ],
)
def test_score_is_a_kind_only_when_no_other_is_named(label: str, name: str, kind: str):
    source = f'print("{label}: %.3f" % clf.score(X_test, y_test))\n'
    assert {m.name: m.kind for m in find_metrics(parse(source))} == {name: kind}
