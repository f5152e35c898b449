"""The entry point writes its traceback to the failure file before re-raising.

    if __name__ == "__main__":        if __name__ == "__main__":
        main()                 ->         with sagebridge_runtime.failure_file():
                                              main()

The file is $SM_OUTPUT_FAILURE, else $SM_OUTPUT_DIR/failure, else /opt/ml/output/failure in a
container; SageMaker shows its first 1024 characters as the job's FailureReason.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted, is_main_guard

FAILURE_FILE = f"{RUNTIME_MODULE}.failure_file"


def _is_wrapped(body: cst.BaseSuite) -> bool:
    if not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
        return False
    only = body.body[0]
    return isinstance(only, cst.With) and any(
        isinstance(item.item, cst.Call) and dotted(item.item.func) == FAILURE_FILE
        for item in only.items
    )


class FailureFileTransform(PlanCodemod):
    NAME = "failure_file"
    DESCRIPTION = "Write the traceback to the SageMaker failure file, then re-raise."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return file == plan.entry_point

    def visit_Module(self, node: cst.Module) -> None:
        self._guarded = False

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.BaseStatement:
        if (
            self.file != self.plan.entry_point
            or self._depth != 0
            or not is_main_guard(original_node)
        ):
            return updated_node
        self._guarded = True
        body = updated_node.body
        if _is_wrapped(body) or not isinstance(body, cst.IndentedBlock):
            return updated_node
        self.need_runtime()
        wrapped = cst.With(
            items=[cst.WithItem(cst.parse_expression(f"{FAILURE_FILE}()"))],
            body=cst.IndentedBlock(body=body.body),
        )
        return updated_node.with_changes(body=body.with_changes(body=[wrapped]))

    def finish(self) -> None:
        if self.file == self.plan.entry_point and not self._guarded:
            self.warn(f'{self.file}: no `if __name__ == "__main__":` block; no failure file')
