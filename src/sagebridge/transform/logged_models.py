"""A model logged to an MLflow run is also written into SM_MODEL_DIR (the plan names the file).

    mlflow.sklearn.log_model(lr, name="model")
    +   sagebridge_runtime.keep_model(lr, "model.joblib")
    mlflow.xgboost.autolog()
    +   sagebridge_runtime.keep_autologged_model("model.json")

MLflow keeps the logged model in the run's artifact store (./mlruns, a tracking server), which
a training job throws away; SageMaker registers what is in SM_MODEL_DIR. On a laptop (no
SM_MODEL_DIR) the helper does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan, SavePlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, call_code, parse_statement

KEEP = f"{RUNTIME_MODULE}.keep_model"
KEEP_AUTOLOGGED = f"{RUNTIME_MODULE}.keep_autologged_model"


def _autologged(save: SavePlan) -> bool:
    """A save the plan made of `mlflow.<flavour>.autolog()` (analyze/autolog.py)."""
    return save.call.endswith("autolog")


class LoggedModelsTransform(PlanCodemod):
    NAME = "logged_models"
    DESCRIPTION = "Also write models logged to MLflow into SM_MODEL_DIR."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(save.file == file and save.copy_to for save in plan.saves)

    def visit_Module(self, node: cst.Module) -> None:
        self._saves = [s for s in self.plan.saves if s.file == self.file and s.copy_to]
        self._done = KEEP in node.code or KEEP_AUTOLOGGED in node.code  # migrated before
        self._found: set[int] = set()

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if not isinstance(original, cst.SimpleStatementLine):
            return ()
        added: list[cst.BaseStatement] = []
        for save in self._saves:
            if not self.spans(original, save.line):
                continue
            self._found.add(save.line)
            if _autologged(save) and not self._done:
                self.need_runtime()
                code = call_code(KEEP_AUTOLOGGED, [f'"{save.copy_to}"'], depth)
                added.append(parse_statement(code, depth))
            if self._done or save.model_variable is None:
                continue
            self.need_runtime()
            code = call_code(KEEP, [save.model_variable, f'"{save.copy_to}"'], depth)
            added.append(parse_statement(code, depth))
        return added

    def finish(self) -> None:
        for save in self._saves:
            if save.line not in self._found:
                self.warn_at(save.line, f"{save.call} not found; the model is not kept")
            elif save.model_variable is None and not self._done and not _autologged(save):
                self.warn_at(save.line, f"{save.call}: which model is logged is unclear; kept none")
