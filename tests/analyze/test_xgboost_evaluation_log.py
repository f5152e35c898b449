"""XGBoost's own evaluation log (`xgb.train(..., evals=[(dvalid, "eval")])` prints
`[9]\teval-error:0.04`) is a metric the script reports: each evaluation set and eval_metric,
read back after the call (real scripts: XGBoost's guide-python demos, issue 11 section 2)."""

from __future__ import annotations

import pytest

from sagebridge.analyze.metrics import find_metrics
from sagebridge.model import MetricReport

from .conftest import parse

WATCHLIST = """
import xgboost as xgb

param = [("max_depth", 2), ("objective", "binary:logistic"), ("eval_metric", "auc")]
watchlist = [(dtest, "eval"), (dtrain, "train")]
bst = xgb.train(param, dtrain, 10, watchlist)
"""

EVALS_RESULT = """
import xgboost as xgb

params = {"objective": "reg:squarederror", "eval_metric": ["rmse", "mae"]}
history = {}
booster = xgb.train(params, dtrain, num_boost_round=5, evals=[(dvalid, "valid")], evals_result=history)
"""


def _found(source: str) -> dict[str, tuple[str, str, bool, bool]]:
    return {
        m.name: (m.kind, m.expression, m.held_out, m.greater_is_better)
        for m in find_metrics(parse(source))
        if m.reported_by is MetricReport.LIBRARY_LOG
    }


def test_each_evaluation_set_and_metric_is_read_back_from_the_booster():
    assert _found(WATCHLIST) == {
        "validation_auc": (
            "auc",
            "float(bst.eval(dtest, 'eval').split('eval-auc:')[1].split()[0])",
            True,
            True,
        ),
        "train_auc": (
            "auc",
            "float(bst.eval(dtrain, 'train').split('train-auc:')[1].split()[0])",
            False,
            True,
        ),
    }


def test_an_evals_result_dict_is_read_instead():
    found = _found(EVALS_RESULT)
    assert found == {
        "validation_rmse": ("rmse", "history['valid']['rmse'][-1]", True, False),
        "validation_mae": ("mae", "history['valid']['mae'][-1]", True, False),
    }


@pytest.mark.parametrize(
    ("objective", "name"),
    [
        ("binary:logistic", "validation_logloss"),
        ("multi:softprob", "validation_mlogloss"),
        ("reg:squarederror", "validation_rmse"),
        ("binary:hinge", "validation_error"),
        ("reg:gamma", "validation_gamma-deviance"),  # was validation_rmse: never logged
        ("count:poisson", "validation_poisson-nloglik"),
    ],
)
def test_without_eval_metric_the_objectives_default_is_logged(objective: str, name: str):
    source = f"""
import xgboost as xgb
bst = xgb.train({{"objective": "{objective}"}}, dtrain, 3, evals=[(dval, "val")])
"""
    assert list(_found(source)) == [name]


@pytest.mark.parametrize("objective", ["reg:quantileerror", "reg:pseudohubererror"])
def test_a_default_metric_with_no_known_kind_is_not_taken_for_rmse(objective: str):
    source = f"""
import xgboost as xgb
bst = xgb.train({{"objective": "{objective}"}}, dtrain, 3, evals=[(dval, "val")])
"""
    assert _found(source) == {}


def test_a_printed_deviance_is_the_metric_lower_is_better():
    """XGBoost's gamma_regression demo prints `test deviance=%f`."""
    source = WATCHLIST + "print('test deviance=%f' % (2 * np.sum(labels - preds)))\n"
    ((name, metric),) = {m.name: m for m in find_metrics(parse(source))}.items()
    assert (name, metric.kind, metric.greater_is_better, metric.held_out) == (
        "test_deviance", "deviance", False, True,
    )  # fmt: skip
    assert metric.expression == "2 * np.sum(labels - preds)"


@pytest.mark.parametrize(
    "call",
    [
        'xgb.train(params, dtrain, 3, evals=[(dval, "val")], verbose_eval=False)',  # no log
        "xgb.train(params, dtrain, 3)",  # no evaluation set
        'xgb.train(make_params(), dtrain, 3, evals=[(dval, "val")])',  # params not readable
    ],
)
def test_nothing_is_found_when_the_log_or_its_parts_cannot_be_read(call: str):
    source = f"""
import xgboost as xgb
params = {{"objective": "binary:logistic"}}
bst = {call}
"""
    assert _found(source) == {}


def test_the_log_is_not_read_when_the_script_reports_metrics_itself():
    source = WATCHLIST + 'print(f"validation auc: {score(bst)}")\n'
    metrics = {m.name: m.reported_by for m in find_metrics(parse(source))}
    assert metrics == {"validation_auc": MetricReport.PRINT}


STARRED = """
import xgboost as xgb

params = {"objective": "binary:logistic", "eval_metric": "logloss"}
history = {}
booster = xgb.train(params, *training, evals=[(dvalid, "valid")], evals_result=history)
"""


def test_the_arguments_before_a_starred_one_are_read_by_position():
    """`params` is written before `*training`: its position is known (what xgboost_evals'
    own argument reader did before it used analyze.source.argument, which then ignored it)."""
    assert _found(STARRED) == {
        "validation_logloss": ("logloss", "history['valid']['logloss'][-1]", True, False),
    }
