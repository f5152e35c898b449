"""absl flags read SageMaker's `--name value` pairs as `--name=value` (analyze/absl_flags.py).

    if __name__ == "__main__":           if __name__ == "__main__":
        app.run(main)             ->         sagebridge_runtime.absl_argv()
                                             app.run(main)

absl takes `--epochs 10` but a boolean only as `--stratify=False`; the helper joins every pair
inside SageMaker (on a laptop it leaves sys.argv alone). The `app.run` call is found by its
text, as lines move between migrations; a second migration adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import HyperparameterOrigin, MigrationPlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted, parse_statement

JOIN = f"{RUNTIME_MODULE}.absl_argv()"
RUN_CALLS = frozenset({"app.run", "absl.app.run"})


class AbslFlagsTransform(PlanCodemod):
    NAME = "absl_flags"
    DESCRIPTION = "Let absl flags read SageMaker's --name value hyperparameters."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(
            hp.file == file and hp.origin is HyperparameterOrigin.ABSL
            for hp in plan.hyperparameters
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._targets: list[cst.BaseStatement] = []
        if JOIN in node.code:
            return  # migrated before
        body: list[cst.BaseStatement] = list(node.body)
        for statement in node.body:
            if isinstance(statement, cst.If) and isinstance(statement.body, cst.IndentedBlock):
                body += statement.body.body
        self._targets = [s for s in body if _runs_app(s)]
        if not self._targets:
            self.warn(
                f"{self.file}: no app.run(...) found; absl boolean flags keep their defaults "
                "in SageMaker (it passes `--name value`, absl reads `--name=value`)"
            )

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if not any(original is target for target in self._targets):
            return ()
        self.need_runtime()
        return (parse_statement(f"{JOIN}  # SageMaker's --name value as --name=value", depth),)


def _runs_app(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    first = statement.body[0]
    return (
        isinstance(first, cst.Expr)
        and isinstance(first.value, cst.Call)
        and dotted(first.value.func) in RUN_CALLS
    )
