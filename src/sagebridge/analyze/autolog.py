"""A model MLflow's autolog logs is the script's model save.

    mlflow.xgboost.autolog()       -> the booster `xgb.train` returns (XGBoost's own JSON)
    mlflow.sklearn.autolog()       -> the estimator `fit` trains (joblib)
    mlflow.autolog()               -> by the file's frameworks: XGBoost's flavour, else sklearn's

Autolog keeps the model only in the run's artifact store (./mlruns, a tracking server), which a
training job throws away; when it is the script's only save, SageMaker registered nothing. Such a
call is recorded as a save with no target and no path (the run's store); the migrated script also
writes the last model MLflow logged into SM_MODEL_DIR (transform/logged_models.py).
`log_models=False` or `disable=True` logs no model: no save.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, call_name, keyword
from sagebridge.model import Framework, ModelSave, SaveFormat

AUTOLOG_FLAVOURS = {
    "mlflow.xgboost.autolog": SaveFormat.XGBOOST,
    "mlflow.sklearn.autolog": SaveFormat.JOBLIB,
}
UNIVERSAL = "mlflow.autolog"


def autolog_saves(module: ParsedModule, frameworks: set[Framework]) -> list[ModelSave]:
    found: list[ModelSave] = []
    for call in module.calls():
        name = call_name(module, call)
        fmt = _format(name, frameworks)
        if fmt is None or not _logs_models(call):
            continue
        found.append(ModelSave(module.segment(call.func), fmt, module.path, call.lineno))
    return found


def is_autolog(call: str) -> bool:
    """`mlflow.xgboost.autolog` (as written, any import spelling ends so) -> True."""
    return call.endswith("autolog")


def _format(name: str, frameworks: set[Framework]) -> SaveFormat | None:
    if name in AUTOLOG_FLAVOURS:
        return AUTOLOG_FLAVOURS[name]
    if name != UNIVERSAL:
        return None
    if Framework.XGBOOST in frameworks:
        return SaveFormat.XGBOOST
    if Framework.SKLEARN in frameworks:
        return SaveFormat.JOBLIB
    return None


def _logs_models(call: ast.Call) -> bool:
    for name, off in (("log_models", False), ("disable", True)):
        value = keyword(call, name)
        if isinstance(value, ast.Constant) and value.value is off:
            return False
    return True
