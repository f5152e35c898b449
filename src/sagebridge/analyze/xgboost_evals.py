"""XGBoost's own evaluation log: `xgb.train(..., evals=[(dtest, "eval")])` prints every round

    [1]	eval-logloss:0.35740	eval-error:0.04283

so, in a file that reports no metric itself, each (evaluation set, eval_metric) pair is a metric,
its final value the last round's (the booster as trained), read back after the call:

    bst = xgb.train(param, dtrain, 2, [(dtest, "eval")], evals_result=res)
        -> validation_error = res["eval"]["error"][-1]
    bst = xgb.train(param, dtrain, 2, watchlist)          (watchlist = [(dtest, "eval"), ...])
        -> validation_error = float(bst.eval(dtest, "eval").split("eval-error:")[1].split()[0])

The metrics are the params' `eval_metric` values, else the objective's default metric.
Nothing is found when `verbose_eval=False` (the script prints no log) or when the evaluation
sets, params or the booster's name can't be read from the source.
"""

from __future__ import annotations

import ast
import re

from sagebridge.analyze.knowledge import METRIC_WORDS, PHASE_WORDS
from sagebridge.analyze.library_log import log_metric
from sagebridge.analyze.source import ParsedModule, argument, keyword, string_value
from sagebridge.model import Metric, MetricPhase

TRAIN_CALL = "xgboost.train"
EVALS_POSITION = 3  # xgb.train(params, dtrain, num_boost_round, evals, ...)
# XGBoost metric names whose kind the metric vocabulary spells differently.
XGBOOST_KINDS = {
    "mlogloss": "logloss",
    "merror": "error",
    "gamma-deviance": "deviance",
    "poisson-nloglik": "nll",
    "gamma-nloglik": "nll",
    "cox-nloglik": "nll",
    "aft-nloglik": "nll",
}
# The metric XGBoost reports when the params name none, by objective (its documented defaults:
# a gamma or Poisson regression logs its deviance or likelihood, not rmse).
DEFAULT_METRICS = {
    "binary:hinge": "error",
    "reg:absoluteerror": "mae",
    "reg:squarederror": "rmse",
    "reg:linear": "rmse",
    "reg:logistic": "rmse",
    "reg:squaredlogerror": "rmsle",
    "reg:pseudohubererror": "mphe",
    "reg:quantileerror": "quantile",
    "reg:gamma": "gamma-deviance",
    "reg:tweedie": "tweedie-nloglik",
    "count:poisson": "poisson-nloglik",
    "survival:cox": "cox-nloglik",
    "survival:aft": "aft-nloglik",
}
DEFAULT_BY_PREFIX = (("binary:", "logloss"), ("multi:", "mlogloss"))
DEFAULT_OBJECTIVE = "reg:squarederror"


def evaluation_log_metrics(module: ParsedModule) -> list[Metric]:
    """The metrics every `xgb.train(...)` call with evaluation sets logs, in call order."""
    found: list[Metric] = []
    for call in module.calls():
        if module.qualified(call.func) == TRAIN_CALL:
            found += _logged_by(module, call)
    return found


def _logged_by(module: ParsedModule, call: ast.Call) -> list[Metric]:
    verbose = keyword(call, "verbose_eval")
    if isinstance(verbose, ast.Constant) and verbose.value is False:
        return []
    evals = _evals(module, argument(call, EVALS_POSITION, "evals"))
    params = argument(call, 0, "params")
    metrics = eval_metrics(module, params) if params is not None else None
    result = keyword(call, "evals_result")
    booster = assigned_name(module, call)
    if not evals or not metrics or (result is None and booster is None):
        return []
    found: list[Metric] = []
    for data, set_name in evals:
        phase = set_phase(set_name)
        for metric in metrics:
            kind = XGBOOST_KINDS.get(metric, METRIC_WORDS.get(metric))
            if kind is None:
                continue
            if result is not None:
                value = f"{module.segment(result)}[{set_name!r}][{metric!r}][-1]"
            else:
                label = f"{set_name}-{metric}:"
                value = (
                    f"float({booster}.eval({data}, {set_name!r}).split({label!r})[1].split()[0])"
                )
            found.append(
                log_metric(
                    module,
                    call.lineno,
                    f"{phase}_{metric}" if phase is not MetricPhase.UNLABELLED else metric,
                    value,
                    kind,
                    phase,
                )
            )
    return found


def bound(module: ParsedModule, node: ast.expr | None) -> ast.expr | None:
    """A literal as written, or the one a name is bound to once in the module."""
    if not isinstance(node, ast.Name):
        return node
    values = [
        statement.value
        for statement in ast.walk(module.tree)
        if isinstance(statement, (ast.Assign, ast.AnnAssign))
        and statement.value is not None
        and any(
            isinstance(target, ast.Name) and target.id == node.id
            for target in (
                statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            )
        )
    ]
    return values[0] if len(values) == 1 else None


def _evals(module: ParsedModule, node: ast.expr | None) -> list[tuple[str, str]]:
    """`[(dtest, "eval"), (dtrain, "train")]` -> [("dtest", "eval"), ("dtrain", "train")]."""
    listed = bound(module, node)
    if not isinstance(listed, (ast.List, ast.Tuple)):
        return []
    found: list[tuple[str, str]] = []
    for item in listed.elts:
        if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
            return []
        data, name = item.elts
        set_name = string_value(name)
        if not isinstance(data, ast.Name) or set_name is None:
            return []
        found.append((data.id, set_name))
    return found


def eval_metrics(module: ParsedModule, node: ast.expr) -> list[str] | None:
    """The params' eval_metric values (a dict or a list of pairs), else the objective's default."""
    params = bound(module, node)
    pairs: list[tuple[str | None, ast.expr]] = []
    if isinstance(params, ast.Dict):
        pairs = [
            (string_value(k) if k is not None else None, v)
            for k, v in zip(params.keys, params.values)
        ]
    elif isinstance(params, ast.List):
        for item in params.elts:
            if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
                return None
            pairs.append((string_value(item.elts[0]), item.elts[1]))
    else:
        return None
    if any(key is None for key, _ in pairs):
        return None  # `{**base, ...}` or a computed key: not readable
    metrics: list[str] = []
    objective = DEFAULT_OBJECTIVE
    for key, value in pairs:
        if key == "eval_metric":
            values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
            names = [string_value(v) for v in values]
            if any(n is None for n in names):
                return None
            metrics += [n for n in names if n is not None]
        elif key == "objective":
            objective = string_value(value) or ""
        elif key == "disable_default_eval_metric" and _truthy(value):
            objective = ""  # no default metric is logged (a custom_metric's name is its own)
    return metrics or default_metric(objective)


def _truthy(node: ast.expr) -> bool:
    """`True`, `1`, `"true"` (as XGBoost reads the parameter) -> True."""
    value = node.value if isinstance(node, ast.Constant) else None
    return value is True or value == 1 or str(value).lower() == "true"


def default_metric(objective: str) -> list[str] | None:
    if objective in DEFAULT_METRICS:
        return [DEFAULT_METRICS[objective]]
    for prefix, metric in DEFAULT_BY_PREFIX:
        if objective.startswith(prefix):
            return [metric]
    return None


def set_phase(set_name: str) -> MetricPhase:
    words = [w for w in re.split(r"[^a-z0-9]+", set_name.lower()) if w]
    phases = [PHASE_WORDS[w] for w in words if w in PHASE_WORDS]
    return MetricPhase(phases[-1]) if phases else MetricPhase.UNLABELLED


def assigned_name(module: ParsedModule, call: ast.Call) -> str | None:
    """`bst = xgb.train(...)` -> "bst"."""
    for statement in ast.walk(module.tree):
        if (
            isinstance(statement, ast.Assign)
            and statement.value is call
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            return statement.targets[0].id
    return None
