"""Metrics the script already reports are also logged as `name=value;` and kept in metrics.json.

    print("Test accuracy: {:.4f}".format(acc))
    +   sagebridge_runtime.log_metric("test_accuracy", acc)
    mlflow.log_metric("rmse", rmse)               (logging, dicts, json.dump: the same, after)
    +   sagebridge_runtime.log_metric("rmse", rmse)
    +   sagebridge_runtime.log_metric("validation_loss", total / n)
    return {"val_loss": total / n}                 (a returned dict: before the return)

A metric reported at several places is logged at each, so the value logged last is the last
one the script printed (`loss` every 200 batches, then once after the loop).

A metric computed by a call where it is reported is logged where it is computed, so the call
runs once (a second run could print twice, take minutes, or draw random numbers):

    print("test acc:", evaluate(model, loader))
    ->  print("test acc:", sagebridge_runtime.logged("test_accuracy", evaluate(model, loader)))

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
LOGGED = f"{RUNTIME_MODULE}.logged"
# Calls that compute nothing worth running once: a metric expression that calls only these is
# simply evaluated again after the statement that reports it (`acc.item()`, `len(data)`).
PURE_CALLS = frozenset({
    "len", "float", "int", "round", "abs", "str", "min", "max", "sum", "item", "mean",
    "sqrt", "exp", "log", "cpu", "numpy", "tolist", "detach",
})  # fmt: skip


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
        self._wrapped: set[tuple[str, int]] = set()  # logged in place by `logged(...)`
        # Cheap tests first on this hot path (every call, operation, attribute and subscript):
        # a node before the first report, or whose code is no reported expression, is skipped.
        self._sites_from = min((line for _, line, _ in self._sites), default=0)
        self._expressions = {_normal(expression) for _, _, expression in self._sites}
        self._quotes: list[str] = []  # the quote of each f-string the walk is inside

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._quotes.append(node.end)

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.FormattedString:
        self._quotes.pop()
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self._in_place(original_node, updated_node)

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        return self._in_place(original_node, updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._in_place(original_node, updated_node)

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        return self._in_place(original_node, updated_node)

    def _in_place(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        """The reported expression wrapped in `logged(...)` when it calls something that is
        not a pure conversion; the expression itself otherwise."""
        if not self._sites:
            return updated
        start = self.position(original).start.line
        if start < self._sites_from:
            return updated
        text = _normal(cst.Module([]).code_for_node(original))
        if text not in self._expressions or not _calls_impure(original):
            return updated
        for name, line, expression in self._sites:
            if (name, line) in self._wrapped or name in self._logged or start < line:
                continue
            if _normal(expression) != text:
                continue
            self._wrapped.add((name, line))
            self.need_runtime()
            quote = "'" if self._quotes and '"' in self._quotes[-1] else '"'
            return cst.Call(
                func=cst.parse_expression(LOGGED),
                args=[
                    cst.Arg(cst.SimpleString(f"{quote}{name}{quote}")),
                    cst.Arg(updated.with_changes(lpar=[], rpar=[])),
                ],
                lpar=list(getattr(updated, "lpar", [])),
                rpar=list(getattr(updated, "rpar", [])),
            )
        return updated

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) in (LOG_METRIC, LOGGED) and node.args:
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
            if name in self._logged or (name, line) in self._wrapped:
                continue
            self.need_runtime()
            code = call_code(LOG_METRIC, [json.dumps(name), expression], depth)
            added.append(parse_statement(code, depth))
        return added

    def finish(self) -> None:
        for name, line, _ in self._sites:
            if (name, line) not in self._found:
                self.warn_at(line, f"metric {name}: its print was not found")


def _normal(code: str) -> str:
    text = "".join(code.split())
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1]
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _calls_impure(node: cst.CSTNode) -> bool:
    """Whether evaluating `node` calls anything but a pure conversion (PURE_CALLS)."""
    found = False

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            nonlocal found
            func = call.func
            name = func.attr.value if isinstance(func, cst.Attribute) else dotted(func)
            if name is None or name.split(".")[-1] not in PURE_CALLS:
                found = True

    node.visit(Calls())
    return found


def _returns(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(item, cst.Return) for item in statement.body
    )
