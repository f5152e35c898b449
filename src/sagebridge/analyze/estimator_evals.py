"""Evaluation logs of the scikit-learn-style boosters: `XGBRegressor().fit(..., eval_set=...)`
prints every round

    [9]	validation_0-rmse:0.41	validation_1-rmse:0.52

so, in a file that reports no metric itself, each (evaluation set, metric) pair is a metric,
read back from the fitted model after the call:

    model.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)])
        -> validation_1_rmse = model.evals_result()['validation_1']['rmse'][-1]
           (validation_0_rmse too, a training-phase metric: its data is the training data)

The metrics are the `eval_metric` given to the estimator (or to fit), else the objective's
default; a classifier whose default depends on the data (logloss or mlogloss) reads the one
metric logged, whatever its name. Nothing is found with `verbose=False` or when the estimator,
its evaluation sets or metrics can't be read from the source. LightGBM's are in lightgbm_evals.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sagebridge.analyze.knowledge import METRIC_WORDS, PHASE_WORDS
from sagebridge.analyze.library_log import log_metric
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.analyze.xgboost_evals import XGBOOST_KINDS, bound, default_metric
from sagebridge.model import Metric, MetricPhase

# The estimators and the metric each logs when given none (None: it depends on the labels).
XGBOOST_ESTIMATORS: dict[str, str | None] = {
    "XGBRegressor": "rmse",
    "XGBRFRegressor": "rmse",
    "XGBClassifier": None,
    "XGBRFClassifier": None,
    "XGBModel": None,  # its objective may come from a `**params` spread
}
ANY_METRIC = ""  # the one metric logged, whatever its name


@dataclass(frozen=True)
class Fit:
    """`model.fit(X, y, eval_set=...)` of an estimator built once as `model = Estimator(...)`."""

    call: ast.Call
    model: str
    estimator: ast.Call
    kind: str  # the estimator's class name
    eval_sets: list[tuple[str, ...]]  # the names in each evaluation tuple


def estimator_fits(module: ParsedModule, package: str) -> Iterator[Fit]:
    """Every `.fit(...)` with an eval_set of an estimator of `package` (`xgboost`, `lightgbm`)."""
    for call in module.calls():
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == "fit"
            and isinstance(func.value, ast.Name)
        ):
            continue
        built = bound(module, func.value)
        if not isinstance(built, ast.Call):
            continue
        qualified = module.qualified(built.func) or ""
        if qualified.split(".")[0] != package:
            continue
        sets = eval_sets(keyword(call, "eval_set"), module)
        if sets:
            yield Fit(call, func.value.id, built, qualified.rsplit(".", 1)[-1], sets)


def eval_sets(node: ast.expr | None, module: ParsedModule) -> list[tuple[str, ...]]:
    """`[(X_train, y_train), (X_test, y_test)]` -> [("X_train", "y_train"), ("X_test", ...)]."""
    listed = bound(module, node)
    if not isinstance(listed, (ast.List, ast.Tuple)):
        return []
    found: list[tuple[str, ...]] = []
    for item in listed.elts:
        if not (isinstance(item, ast.Tuple) and all(isinstance(e, ast.Name) for e in item.elts)):
            return []
        found.append(tuple(e.id for e in item.elts if isinstance(e, ast.Name)))
    return found


def data_phase(names: tuple[str, ...] | list[str], fallback: MetricPhase) -> MetricPhase:
    """The phase the variables' names say (`X_test` -> test, `dtrain` -> train)."""
    words = [w for n in names for w in re.split(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])", n.lower())]
    words += [n.lower()[1:] for n in names if n.lower()[:1] in "dxy"]  # dtrain, xtest
    phases = {PHASE_WORDS[w] for w in words if w in PHASE_WORDS}
    return MetricPhase(phases.pop()) if len(phases) == 1 else fallback



def metric_names(node: ast.expr | None) -> list[str] | None:
    """`"rmse"`, `["rmse", "mae"]`, `{"l2", "l1"}` or `"l2,l1"` -> names (a set's sorted);
    None when not literal strings."""
    if node is None:
        return []
    values = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node]
    names = [string_value(v) for v in values]
    if any(n is None for n in names):
        return None
    found = [part.strip() for n in names if n for part in n.split(",") if part.strip()]
    return sorted(found) if isinstance(node, ast.Set) else found


def xgboost_fit_metrics(module: ParsedModule) -> list[Metric]:
    """The metrics every XGBoost estimator's `fit(..., eval_set=...)` logs, in call order."""
    found: list[Metric] = []
    for fit in estimator_fits(module, "xgboost"):
        if fit.kind not in XGBOOST_ESTIMATORS:
            continue
        verbose = keyword(fit.call, "verbose")
        if isinstance(verbose, ast.Constant) and not verbose.value:
            continue
        given = metric_names(
            keyword(fit.estimator, "eval_metric") or keyword(fit.call, "eval_metric")
        )
        if given is None:
            continue  # a callable or computed metric: its log name is unknown
        objective = string_value(keyword(fit.estimator, "objective"))
        default = XGBOOST_ESTIMATORS[fit.kind]
        metrics = given or (default_metric(objective) if objective else None)
        metrics = metrics or ([default] if default else [ANY_METRIC])
        for index, names in enumerate(fit.eval_sets):
            set_name = f"validation_{index}"
            prefix = set_name if len(fit.eval_sets) > 1 else "validation"
            phase = data_phase(names, MetricPhase.VALIDATION)
            results = f"{fit.model}.evals_result()[{set_name!r}]"
            for metric in metrics:
                if metric == ANY_METRIC:
                    kind, label, value = "logloss", "logloss", f"[*{results}.values()][0][-1]"
                else:
                    kind = XGBOOST_KINDS.get(metric, METRIC_WORDS.get(metric, ""))
                    label, value = metric, f"{results}[{metric!r}][-1]"
                if kind:
                    found.append(
                        log_metric(module, fit.call.lineno, f"{prefix}_{label}", value, kind, phase)
                    )
    return found
