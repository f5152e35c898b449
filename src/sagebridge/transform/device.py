"""Device selection stays as written; the SageMaker host list is logged at start.

    if __name__ == "__main__":            if __name__ == "__main__":
        main()                    ->          sagebridge_runtime.record_hosts()
                                              main()

`torch.cuda.is_available()` / `torch.accelerator` code is not touched: a GPU instance is picked
up as on EC2. SM_HOSTS is logged (and a warning given for several hosts) until distributed
training is planned.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import (
    RUNTIME_MODULE,
    PlanCodemod,
    dotted,
    is_main_guard,
    parse_statement,
)

RECORD_HOSTS = f"{RUNTIME_MODULE}.record_hosts"


class DeviceTransform(PlanCodemod):
    NAME = "device"
    DESCRIPTION = "Keep device selection; log SageMaker's host list (SM_HOSTS)."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return file == plan.entry_point

    def visit_Module(self, node: cst.Module) -> None:
        self._first: cst.BaseStatement | None = None
        self._recorded = False
        self._guarded = False
        if self.file != self.plan.entry_point:
            return
        for statement in node.body:
            if is_main_guard(statement):
                assert isinstance(statement, cst.If) and isinstance(
                    statement.body, cst.IndentedBlock
                )
                self._guarded = True
                self._first = statement.body.body[0]

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) == RECORD_HOSTS:
            self._recorded = True

    def at_edge(self, original: cst.BaseStatement) -> bool:
        return original is self._first

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if original is not self._first or self._recorded:
            return ()
        self.need_runtime()
        return [parse_statement(f"{RECORD_HOSTS}()", depth)]

    def finish(self) -> None:
        if self.file == self.plan.entry_point and not self._guarded:
            self.warn(f'{self.file}: no `if __name__ == "__main__":` block; SM_HOSTS not logged')
