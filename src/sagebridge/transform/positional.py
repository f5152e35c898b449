"""Positional sys.argv rebuilt from SageMaker's `--name value` pairs (plan/positional.py).

    if len(sys.argv) != 3: ...
    ->  sagebridge_runtime.positional_argv([("--input", None, "SM_CHANNEL_TRAINING", None),
                                            ("--output", None, "SM_MODEL_DIR", "model.joblib")])
        if len(sys.argv) != 3: ...

inserted before the first module-level statement that reads sys.argv (found by its text, as
lines move between migrations). On a laptop the helper leaves sys.argv as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, call_code, parse_statement

REBUILD = f"{RUNTIME_MODULE}.positional_argv"


class PositionalArgvTransform(PlanCodemod):
    NAME = "positional_argv"
    DESCRIPTION = "Rebuild positional sys.argv from SageMaker's --name value hyperparameters."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.argv is not None and plan.argv.file == file and bool(plan.argv.slots)

    def visit_Module(self, node: cst.Module) -> None:
        self._target: cst.BaseStatement | None = None
        if REBUILD in node.code:
            return  # migrated before
        for statement in node.body:
            if "sys.argv" in node.code_for_node(statement):
                self._target = statement
                break
        if self._target is None:
            self.warn(f"{self.file}: no statement reads sys.argv; positional arguments unchanged")

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if depth != 0 or original is not self._target:
            return ()
        assert self.plan.argv is not None
        self.need_runtime()
        slots = ", ".join(
            "(" + ", ".join(_literal(v) for v in (s.flag, s.default, s.env, s.file_name)) + ")"
            for s in self.plan.argv.slots
        )
        code = call_code(REBUILD, [f"[{slots}]"], depth)
        return (parse_statement(code, depth),)


def _literal(value: str | None) -> str:
    return "None" if value is None else json.dumps(value)
