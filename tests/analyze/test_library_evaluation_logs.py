"""LightGBM's evaluation log (`[10]\tvalid_0's l2: 0.12`, from `lgb.log_evaluation()` /
`early_stopping` / `verbose_eval`) and XGBoost's scikit-learn API `eval_set` log
(`[9]\tvalidation_0-rmse:...`) are metrics when the script reports none itself (issue 11, real
scripts round 2: LightGBM's simple_example, XGBoost's sklearn examples)."""

from __future__ import annotations

from sagebridge.analyze.metrics import find_metrics
from sagebridge.model import MetricPhase, MetricReport

from .conftest import parse

LGB_TRAIN = """
import lightgbm as lgb

lgb_train = lgb.Dataset(X_train, y_train)
lgb_eval = lgb.Dataset(X_test, y_test, reference=lgb_train)
params = {"objective": "regression", "metric": ["l2", "l1"], "verbose": -1}
gbm = lgb.train(params, lgb_train, num_boost_round=20, valid_sets=lgb_eval,
                callbacks=[lgb.early_stopping(stopping_rounds=5)])
gbm.save_model("model.txt")
"""

LGB_SILENT = LGB_TRAIN.replace("callbacks=[lgb.early_stopping(stopping_rounds=5)]", "")
LGB_DEFAULT = """
import lightgbm as lgb
params = {"objective": "binary"}
booster = lgb.train(params, dtrain, 10, valid_sets=[dtrain, dvalid], verbose_eval=True)
"""

XGB_FIT = """
from xgboost import XGBRegressor

model = XGBRegressor(n_estimators=5)
model.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)])
"""

LGB_ESTIMATOR = """
import lightgbm as lgb
est = lgb.LGBMClassifier(n_estimators=5)
est.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], callbacks=[lgb.log_evaluation(1)])
"""


def _found(source: str) -> dict[str, tuple[str, str, MetricPhase]]:
    return {
        m.name: (m.kind, m.expression, m.phase)
        for m in find_metrics(parse(source))
        if m.reported_by is MetricReport.LIBRARY_LOG
    }


def test_lightgbm_trains_log_is_read_back_from_the_boosters_score():
    assert _found(LGB_TRAIN) == {
        "validation_l2": ("mse", "gbm.best_score['valid_0']['l2']", MetricPhase.VALIDATION),
        "validation_l1": ("mae", "gbm.best_score['valid_0']['l1']", MetricPhase.VALIDATION),
    }


def test_lightgbm_without_a_logging_callback_logs_nothing():
    assert _found(LGB_SILENT) == {}


def test_the_objectives_default_metric_and_the_training_set_named_training():
    assert _found(LGB_DEFAULT) == {
        "train_binary_logloss": (
            "logloss", "booster.best_score['training']['binary_logloss']", MetricPhase.TRAIN
        ),
        "validation_binary_logloss": (
            "logloss", "booster.best_score['valid_1']['binary_logloss']", MetricPhase.VALIDATION
        ),
    }  # fmt: skip


def test_xgboost_estimators_eval_set_log_is_read_back_from_evals_result():
    found = _found(XGB_FIT)
    assert found == {
        "validation_0_rmse": (
            "rmse", "model.evals_result()['validation_0']['rmse'][-1]", MetricPhase.TRAIN
        ),
        "validation_1_rmse": (
            "rmse", "model.evals_result()['validation_1']['rmse'][-1]", MetricPhase.TEST
        ),
    }  # fmt: skip
    assert not _found(XGB_FIT.replace("y_test)])", "y_test)], verbose=False)"))


def test_a_classifier_with_no_metric_reads_the_one_it_logs():
    assert _found(LGB_ESTIMATOR) == {
        "validation_logloss": (
            "logloss", "[*est.best_score_['valid_0'].values()][0]", MetricPhase.VALIDATION
        ),
    }  # fmt: skip


def test_a_metric_the_script_prints_itself_wins_over_the_log():
    source = XGB_FIT + 'print("test rmse:", rmse)\n'
    assert _found(source) == {}
    assert [m.name for m in find_metrics(parse(source))] == ["test_rmse"]


def test_lightgbm_guides_metric_set_and_xgbmodel_with_a_params_spread():
    lightgbm_guide = LGB_TRAIN.replace('"metric": ["l2", "l1"]', '"metric": {"l2", "l1"}')
    assert set(_found(lightgbm_guide)) == {"validation_l1", "validation_l2"}
    evals_demo = """
import xgboost as xgb
clf = xgb.XGBModel(**param_dist, eval_metric="logloss")
clf.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)], verbose=True)
"""
    assert _found(evals_demo)["validation_1_logloss"] == (
        "logloss", "clf.evals_result()['validation_1']['logloss'][-1]", MetricPhase.TEST
    )  # fmt: skip
