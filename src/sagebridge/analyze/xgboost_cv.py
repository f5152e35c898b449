"""XGBoost's cross-validation: `xgb.cv(...)` prints, with `verbose_eval` or an
`EvaluationMonitor` callback, every round's mean (and std) over the folds

    [9]	train-error:0.01000+0.00100	test-error:0.02000+0.00200

and returns them as a table (a DataFrame, or a dict of lists without pandas) with the columns
`train-error-mean`, `test-error-mean`... In a file that reports no metric itself, each
(train/test, metric) pair is a metric, read from the returned table's last row:

    res = xgb.cv(params, dtrain, 10, nfold=5, metrics={"error"},
                 callbacks=[xgb.callback.EvaluationMonitor(show_stdv=True)])
        -> test_error = float(list(res['test-error-mean'])[-1]), train_error likewise

The last row is the last round printed, or with early stopping the best round (xgb.cv cuts the
table there): the value the script's result holds. A script that prints the returned table
(`print(res)`, `print(res.tail())`) reports the same numbers, so it counts as reporting them;
a call that neither prints its log nor has its table printed reports nothing. The metrics are
the call's `metrics`, else the params' `eval_metric`, else the objective's default.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.knowledge import METRIC_WORDS
from sagebridge.analyze.library_log import log_metric
from sagebridge.analyze.source import ParsedModule, keyword, last_name, string_value
from sagebridge.analyze.xgboost_evals import (
    XGBOOST_KINDS,
    assigned_name,
    bound,
    eval_metrics,
    set_phase,
)
from sagebridge.model import Metric

CV_CALL = "xgboost.cv"
LOG_CALLBACK = "EvaluationMonitor"
FOLD_SETS = ("train", "test")  # the column prefixes of xgb.cv's table


def cv_log_metrics(module: ParsedModule) -> list[Metric]:
    """The metrics every reported `res = xgb.cv(...)` holds, in call order."""
    found: list[Metric] = []
    for call in module.calls():
        if module.qualified(call.func) == CV_CALL:
            found += _cv_metrics(module, call)
    return found


def _cv_metrics(module: ParsedModule, call: ast.Call) -> list[Metric]:
    result = assigned_name(module, call)
    if result is None or not (_prints_log(module, call) or _printed(module, result)):
        return []
    metrics = _metrics(module, call)
    found: list[Metric] = []
    for metric in metrics or []:
        kind = XGBOOST_KINDS.get(metric, METRIC_WORDS.get(metric))
        if kind is None:
            continue
        for fold_set in FOLD_SETS:
            phase = set_phase(fold_set)
            found.append(
                log_metric(
                    module,
                    call.lineno,
                    f"{phase}_{metric}",
                    f"float(list({result}[{f'{fold_set}-{metric}-mean'!r}])[-1])",
                    kind,
                    phase,
                )
            )
    return found


def _metrics(module: ParsedModule, call: ast.Call) -> list[str] | None:
    """`metrics="auc"`, `metrics=["auc"]`, `metrics={"error"}`, else the params'."""
    given = bound(module, keyword(call, "metrics"))
    if isinstance(given, (ast.List, ast.Tuple, ast.Set)):
        names = [string_value(item) for item in given.elts]
        return None if any(n is None for n in names) else [n for n in names if n]
    if given is not None:
        name = string_value(given)
        return [name] if name else None
    params = call.args[0] if call.args else keyword(call, "params")
    return eval_metrics(module, params) if params is not None else None


def _prints_log(module: ParsedModule, call: ast.Call) -> bool:
    """`verbose_eval=True` (or a period), or an `EvaluationMonitor` among the callbacks."""
    verbose = keyword(call, "verbose_eval")
    if isinstance(verbose, ast.Constant) and verbose.value not in (None, False, 0):
        return True
    callbacks = bound(module, keyword(call, "callbacks"))
    items = callbacks.elts if isinstance(callbacks, (ast.List, ast.Tuple)) else []
    return any(_is_monitor(module, item) for item in items)


def _is_monitor(module: ParsedModule, item: ast.expr) -> bool:
    """`xgb.callback.EvaluationMonitor(...)`, or a name bound to one."""
    value = bound(module, item)
    return isinstance(value, ast.Call) and last_name(value) == LOG_CALLBACK


def _printed(module: ParsedModule, result: str) -> bool:
    """A `print(...)` of the returned table (or a part of it)."""
    return any(
        last_name(call) == "print"
        and any(
            isinstance(node, ast.Name) and node.id == result
            for arg in call.args
            for node in ast.walk(arg)
        )
        for call in module.calls()
    )
