"""Metrics the script already reports are also logged as `name=value;` and kept in metrics.json.

    print("Test accuracy: {:.4f}".format(acc))
    +   sagebridge_runtime.log_metric("test_accuracy", acc)
    mlflow.log_metric("rmse", rmse)               (logging, dicts, json.dump: the same, after)
    +   sagebridge_runtime.log_metric("rmse", rmse)
    +   sagebridge_runtime.log_metric("validation_loss", total / n)
    return {"val_loss": total / n}                 (a returned dict: before the return)

A metric reported at several places is logged at each, so the value logged last is the last
one the script printed (`loss` every 200 batches, then once after the loop).

The line matches the plan's CloudWatch regex; `log_metric` also rewrites
SM_OUTPUT_DATA_DIR/metrics.json with the latest value of every metric.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import (
    RUNTIME_MODULE,
    PlanCodemod,
    call_code,
    dotted,
    parse_statement,
)
from sagebridge.transform.lightning import reported_by_lightning

LOG_METRIC = f"{RUNTIME_MODULE}.log_metric"


class MetricsTransform(PlanCodemod):
    NAME = "metrics"
    DESCRIPTION = "Log computed metrics as `name=value;` lines and to metrics.json."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(
            metric.file == file and not reported_by_lightning(plan.lightning, metric)
            for metric in plan.metrics
        )

    def visit_Module(self, node: cst.Module) -> None:
        # Every place a metric is reported: (name, line, expression); a metric printed every
        # 200 batches and again after the loop is logged at both, so the last logged is final.
        self._sites = [
            (m.name, line, expression)
            for m in self.plan.metrics
            if m.file == self.file and not reported_by_lightning(self.plan.lightning, m)
            for line, expression in ((m.line, m.expression), *m.also_at)
        ]
        self._logged: set[str] = set()  # metrics the code already logs (migrated before)
        self._found: set[tuple[str, int]] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) == LOG_METRIC and node.args:
            name = node.args[0].value
            if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str):
                self._logged.add(name.evaluated_value)

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        """A returned dict is logged before the `return` (after it would never run)."""
        return self._logged_at(original, depth) if _returns(original) else ()

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        return () if _returns(original) else self._logged_at(original, depth)

    def _logged_at(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if not isinstance(original, cst.SimpleStatementLine):
            return ()
        added: list[cst.BaseStatement] = []
        for name, line, expression in self._sites:
            if (name, line) in self._found or not self.spans(original, line):
                continue
            self._found.add((name, line))
            if name in self._logged:
                continue
            self.need_runtime()
            code = call_code(LOG_METRIC, [json.dumps(name), expression], depth)
            added.append(parse_statement(code, depth))
        return added

    def finish(self) -> None:
        for name, line, _ in self._sites:
            if (name, line) not in self._found:
                self.warn_at(line, f"metric {name}: its print was not found")


def _returns(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(item, cst.Return) for item in statement.body
    )
