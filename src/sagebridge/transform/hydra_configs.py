"""A Hydra application reads SageMaker's `--key value` hyperparameters as its `key=value`
overrides (analyze/hydra_configs.py).

    @hydra.main(config_path="conf", config_name="config")
    def main(cfg): ...

    if __name__ == "__main__":          if __name__ == "__main__":
        main()                    ->        sagebridge_runtime.hydra_argv(["model.depth", "seed"])
                                            main()

inserted before each statement that calls the decorated function (found by its text, as lines
move between migrations); on a laptop the helper leaves sys.argv alone. A second migration adds
nothing.
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
    dotted,
    parse_statement,
)

REWRITE = f"{RUNTIME_MODULE}.hydra_argv"
HYDRA_MAIN = frozenset({"hydra.main", "main"})


class HydraConfigsTransform(PlanCodemod):
    NAME = "hydra_configs"
    DESCRIPTION = "Turn SageMaker's --key value hyperparameters into Hydra's key=value overrides."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return file == plan.entry_point and any(
            hp.origin is HyperparameterOrigin.HYDRA for hp in plan.hyperparameters
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._targets: list[cst.BaseStatement] = []
        if REWRITE + "(" in node.code:
            return  # migrated before
        names = {
            statement.name.value
            for statement in node.body
            if isinstance(statement, cst.FunctionDef)
            and any(_is_hydra_main(d.decorator) for d in statement.decorators)
        }
        body: list[cst.BaseStatement] = list(node.body)
        for statement in node.body:
            if isinstance(statement, cst.If) and isinstance(statement.body, cst.IndentedBlock):
                body += statement.body.body
        self._targets = [s for s in body if _calls(s, names)]
        if not self._targets:
            self.warn(
                f"{self.file}: no call of a @hydra.main function found; the Hydra settings "
                "keep their config values in SageMaker"
            )

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if not any(original is target for target in self._targets):
            return ()
        self.need_runtime()
        keys = [
            json.dumps(hp.flag.removeprefix("--"))
            for hp in self.plan.hyperparameters
            if hp.origin is HyperparameterOrigin.HYDRA
        ]
        code = f"{REWRITE}([{', '.join(keys)}])"
        if len(INDENT * depth + code) > LINE_LENGTH:
            rows = "".join(f"{INDENT * 2}{key},\n" for key in keys)
            code = f"{REWRITE}(\n{INDENT}[\n{rows}{INDENT}]\n)"
        statement = parse_statement(code, depth)
        comment = cst.EmptyLine(comment=cst.Comment("# SageMaker's --key value as Hydra's key=value"))
        return (statement.with_changes(leading_lines=[comment]),)


def _is_hydra_main(decorator: cst.BaseExpression) -> bool:
    return isinstance(decorator, cst.Call) and dotted(decorator.func) in HYDRA_MAIN


def _calls(statement: cst.BaseStatement, names: set[str]) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    first = statement.body[0]
    value = first.value if isinstance(first, (cst.Expr, cst.Assign)) else None
    return isinstance(value, cst.Call) and dotted(value.func) in names
