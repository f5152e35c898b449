"""Which reported metrics are percentages: `100.0 * correct / n` reports one, and evaluate.py
must recompute it on the same scale; `as_fraction` writes a printed percentage as the fraction
the metric logs (analyze/metrics.py)."""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule
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


def as_fraction(module: ParsedModule, node: ast.expr, percent: bool) -> str:
    """`100.0 * x` -> `x`; a value printed before `%` -> `(value) / 100`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        hundred_left = isinstance(node.op, ast.Mult) and _is_hundred(node.left)
        if hundred_left:
            return module.segment(node.right)
        if isinstance(node.op, ast.Mult) and _is_hundred(node.right):
            return module.segment(node.left)
        if _leading_hundred(node):
            return _without_leading_hundred(module, node)
    text = module.segment(node)
    if percent:
        return f"{grouped(text, node)} / 100"
    return text


def _leading_hundred(node: ast.BinOp) -> bool:
    """`100.0 * correct / total` parses as `(100.0 * correct) / total`."""
    left = node.left
    return (
        isinstance(node.op, ast.Div)
        and isinstance(left, ast.BinOp)
        and isinstance(left.op, ast.Mult)
        and _is_hundred(left.left)
    )


def _without_leading_hundred(module: ParsedModule, node: ast.BinOp) -> str:
    left = node.left
    assert isinstance(left, ast.BinOp)
    return f"{module.segment(left.right)} / {grouped(module.segment(node.right), node.right)}"


def _is_hundred(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, bool)
        and node.value in (100, 100.0)
    )


def grouped(text: str, node: ast.expr) -> str:
    simple = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant))
    return text if simple else f"({text})"
