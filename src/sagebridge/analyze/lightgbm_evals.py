"""LightGBM's own evaluation log: `lgb.train(..., valid_sets=[dvalid],
callbacks=[lgb.log_evaluation()])` (or `lgb.early_stopping`, or the older `verbose_eval=True`)
prints

    [10]	valid_0's l2: 0.123	valid_0's l1: 0.27

so, in a file that reports no metric itself, each (evaluation set, metric) pair is a metric,
its value the one LightGBM keeps as the booster's score (the last round, or the best one
early stopping went back to: what the log printed last), read back after the call:

    gbm = lgb.train(params, dtrain, 20, valid_sets=[dvalid], callbacks=[lgb.log_evaluation()])
        -> validation_l2 = gbm.best_score['valid_0']['l2']
    model = LGBMRegressor(); model.fit(X, y, eval_set=[(X_test, y_test)], callbacks=[...])
        -> validation_l2 = model.best_score_['valid_0']['l2']

Sets are named as LightGBM names them: `valid_names`/`eval_names`, else `training` for the
training data itself and `valid_<i>`. Metrics are the params' `metric` (any alias), else the
objective's default; a classifier estimator without one reads the one metric logged.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.estimator_evals import (
    ANY_METRIC,
    data_phase,
    estimator_fits,
    metric_names,
)
from sagebridge.analyze.library_log import log_metric
from sagebridge.analyze.source import ParsedModule, argument, keyword, last_name, string_value
from sagebridge.analyze.xgboost_evals import assigned_name, bound
from sagebridge.model import Metric, MetricPhase

TRAIN_CALL = "lightgbm.train"
# Printed metric name -> its spellings in params (LightGBM's documented aliases).
METRIC_ALIASES = {
    "l2": ("l2", "mean_squared_error", "mse", "regression_l2", "regression"),
    "rmse": ("rmse", "root_mean_squared_error", "l2_root"),
    "l1": ("l1", "mean_absolute_error", "mae", "regression_l1"),
    "auc": ("auc",),
    "binary_logloss": ("binary_logloss", "binary"),
    "binary_error": ("binary_error",),
    "multi_logloss": ("multi_logloss", "multiclass", "softmax", "multiclassova", "ova", "ovr"),
    "multi_error": ("multi_error",),
}
PRINTED = {alias: name for name, aliases in METRIC_ALIASES.items() for alias in aliases}
KINDS = {
    "l2": "mse",
    "rmse": "rmse",
    "l1": "mae",
    "auc": "auc",
    "binary_logloss": "logloss",
    "multi_logloss": "logloss",
    "binary_error": "error",
    "multi_error": "error",
    ANY_METRIC: "logloss",
}
# Objective (any alias) -> the metric LightGBM reports for it when params name none.
OBJECTIVE_METRICS = {
    **dict.fromkeys(
        ("regression", "regression_l2", "l2", "mean_squared_error", "mse", "l2_root",
         "root_mean_squared_error", "rmse"),
        "l2",
    ),
    **dict.fromkeys(("regression_l1", "l1", "mean_absolute_error", "mae"), "l1"),
    "binary": "binary_logloss",
    **dict.fromkeys(("multiclass", "softmax", "multiclassova", "ova", "ovr"), "multi_logloss"),
}  # fmt: skip
METRIC_KEYS = ("metric", "metrics", "metric_types")
OBJECTIVE_KEYS = ("objective", "objective_type", "app", "application", "loss")
ESTIMATOR_DEFAULTS: dict[str, str] = {"LGBMRegressor": "l2", "LGBMClassifier": ANY_METRIC}


def lightgbm_log_metrics(module: ParsedModule) -> list[Metric]:
    """The metrics `lgb.train(...)` and the LightGBM estimators' `fit` log, in call order."""
    found: list[Metric] = []
    for call in module.calls():
        if module.qualified(call.func) == TRAIN_CALL and _prints(call):
            found += _trained(module, call)
    for fit in estimator_fits(module, "lightgbm"):
        default = ESTIMATOR_DEFAULTS.get(fit.kind)
        if default is None or not _prints(fit.call):
            continue
        given = metric_names(keyword(fit.estimator, "metric") or keyword(fit.call, "eval_metric"))
        objective = string_value(keyword(fit.estimator, "objective"))
        if given is None:
            continue
        metrics = _printed(given) or [OBJECTIVE_METRICS.get(objective or "", default)]
        x_y = tuple(a.id for a in fit.call.args[:2] if isinstance(a, ast.Name))
        names = _given_names(keyword(fit.call, "eval_names"), len(fit.eval_sets))
        sets = [
            (names[i] if names else "training" if data == x_y else f"valid_{i}", data)
            for i, data in enumerate(fit.eval_sets)
        ]
        found += _metrics(module, fit.call.lineno, f"{fit.model}.best_score_", sets, metrics)
    return found


def _prints(call: ast.Call) -> bool:
    """A log_evaluation or verbose early_stopping callback, or `verbose_eval`/`verbose` on."""
    for flag in ("verbose_eval", "verbose"):
        value = keyword(call, flag)
        if isinstance(value, ast.Constant) and value.value not in (None, False, 0):
            return True
    callbacks = bound_list(keyword(call, "callbacks"))
    for callback in callbacks:
        name = last_name(callback) if isinstance(callback, ast.Call) else None
        if name == "log_evaluation":
            period = argument(callback, 0, "period") if isinstance(callback, ast.Call) else None
            return not (isinstance(period, ast.Constant) and period.value in (0, False))
        if name == "early_stopping" and isinstance(callback, ast.Call):
            verbose = keyword(callback, "verbose")
            if not (isinstance(verbose, ast.Constant) and verbose.value is False):
                return True
    return False


def bound_list(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else []


def _trained(module: ParsedModule, call: ast.Call) -> list[Metric]:
    booster = assigned_name(module, call)
    params = bound(module, argument(call, 0, "params"))
    train = argument(call, 1, "train_set")
    valid = argument(call, 3, "valid_sets")
    if booster is None or not isinstance(params, ast.Dict) or valid is None:
        return []
    listed = bound(module, valid) if isinstance(valid, ast.Name) else valid
    elements = bound_list(listed) if isinstance(listed, (ast.List, ast.Tuple)) else [valid]
    if not all(isinstance(e, ast.Name) for e in elements):
        return []
    data = [e.id for e in elements if isinstance(e, ast.Name)]
    names = _given_names(keyword(call, "valid_names"), len(data))
    train_name = train.id if isinstance(train, ast.Name) else None
    sets: list[tuple[str, tuple[str, ...]]] = [
        (names[i] if names else "training" if item == train_name else f"valid_{i}", (item,))
        for i, item in enumerate(data)
    ]
    entries = {string_value(k): v for k, v in zip(params.keys, params.values) if k is not None}
    if None in entries or len(entries) != len(params.keys):
        return []  # `{**base, ...}` or a computed key: not readable
    metric_node = next((entries[k] for k in METRIC_KEYS if k in entries), None)
    given = metric_names(metric_node)
    objective = next((string_value(entries[k]) for k in OBJECTIVE_KEYS if k in entries), None)
    if given is None or (objective is None and any(k in entries for k in OBJECTIVE_KEYS)):
        return []
    metrics = _printed(given) or [OBJECTIVE_METRICS.get(objective or "regression", "")]
    return _metrics(module, call.lineno, f"{booster}.best_score", sets, metrics)


def _given_names(node: ast.expr | None, count: int) -> list[str] | None:
    names = [string_value(e) for e in bound_list(node)]
    return [n for n in names if n] if len(names) == count and all(names) else None


def _printed(given: list[str]) -> list[str]:
    return [PRINTED.get(name, name) for name in given if name.lower() not in ("none", "na", "null")]


def _metrics(
    module: ParsedModule,
    line: int,
    scores: str,
    sets: list[tuple[str, tuple[str, ...]]],
    metrics: list[str],
) -> list[Metric]:
    found: list[Metric] = []
    phased = [data_phase([name], MetricPhase.VALIDATION) for name, _ in sets]
    for (set_name, data), set_phase in zip(sets, phased):
        prefix = set_phase.value if phased.count(set_phase) == 1 else _plain(set_name)
        phase = data_phase(data, set_phase)
        for metric in metrics:
            kind = KINDS.get(metric)
            if kind is None:
                continue  # a metric whose kind the vocabulary doesn't know
            if metric == ANY_METRIC:
                label, value = "logloss", f"[*{scores}[{set_name!r}].values()][0]"
            else:
                label, value = metric, f"{scores}[{set_name!r}][{metric!r}]"
            found.append(log_metric(module, line, f"{prefix}_{label}", value, kind, phase))
    return found


def _plain(set_name: str) -> str:
    """`valid_1` -> `validation_1` (the phase spelt as the plan spells it)."""
    head, _, rest = set_name.partition("_")
    phase = data_phase([head], MetricPhase.UNLABELLED)
    return f"{phase.value}_{rest}" if phase is not MetricPhase.UNLABELLED and rest else set_name
