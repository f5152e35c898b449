"""Settings read from environment variables take SageMaker's `--name value` hyperparameters
(analyze/environment_settings.py).

    import os                                       import os
                                                    import sagebridge_runtime
                                            ->
    EPOCHS = int(os.environ.get("EPOCHS", 10))      sagebridge_runtime.environ_settings({"--epochs": "EPOCHS"})
                                                    EPOCHS = int(os.environ.get("EPOCHS", 10))

In each file that reads such a setting, right after its first block of imports, before any of
its own code runs: inside SageMaker the helper puts each passed value into the variable; on a
laptop it does nothing. A second migration adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import libcst as cst

from sagebridge.model import HyperparameterOrigin, MigrationPlan
from sagebridge.transform.base import (
    INDENT,
    LINE_LENGTH,
    RUNTIME_MODULE,
    PlanCodemod,
    parse_statement,
)
from sagebridge.transform.imports import top_block

SET = f"{RUNTIME_MODULE}.environ_settings"
COMMENT = "# SageMaker passes these as --name value: into the variables read below"


class EnvironmentSettingsTransform(PlanCodemod):
    NAME = "environment_settings"
    DESCRIPTION = "Put SageMaker's --name value hyperparameters into the environment variables read."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(
            hp.file == file and hp.origin is HyperparameterOrigin.ENVIRONMENT
            for hp in plan.hyperparameters
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._target: cst.BaseStatement | None = None
        if SET + "(" in node.code or not node.body:
            return  # migrated before
        _, end = top_block(node)
        self._target = node.body[min(end, len(node.body) - 1)]
        self._after = end >= len(node.body)  # nothing but imports: add at the end

    def _call(self, depth: int) -> cst.BaseStatement:
        self.need_runtime()
        entries = [
            f"{json.dumps(hp.flag)}: {json.dumps(hp.name)}"
            for hp in self.plan.hyperparameters
            if hp.file == self.file and hp.origin is HyperparameterOrigin.ENVIRONMENT
        ]
        code = f"{SET}({{{', '.join(entries)}}})"
        if len(code) > LINE_LENGTH:
            rows = "".join(f"{INDENT * 2}{entry},\n" for entry in entries)
            code = f"{SET}(\n{INDENT}{{\n{rows}{INDENT}}}\n)"
        statement = parse_statement(code, depth)
        comment = cst.EmptyLine(comment=cst.Comment(COMMENT))
        return statement.with_changes(leading_lines=[cst.EmptyLine(), comment])

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if depth != 0 or original is not self._target or self._after:
            return ()
        return (self._call(depth),)

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if depth != 0 or original is not self._target or not self._after:
            return ()
        return (self._call(depth),)
