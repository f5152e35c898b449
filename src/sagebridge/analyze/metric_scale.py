"""Which reported metrics are percentages: `100.0 * correct / n` reports one, and evaluate.py
must recompute it on the same scale."""

from __future__ import annotations

import ast

from sagebridge.model import Metric


def percent_expressions(metrics: tuple[Metric, ...]) -> tuple[str, ...]:
    """The metrics' expressions that multiply by 100, once each, in order."""
    return tuple(dict.fromkeys(m.expression for m in metrics if _multiplies_by_100(m.expression)))


def _multiplies_by_100(expression: str) -> bool:
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mult)
        and any(
            isinstance(side, ast.Constant) and side.value == 100 for side in (node.left, node.right)
        )
        for node in ast.walk(tree)
    )
