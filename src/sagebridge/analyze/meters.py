"""Metrics kept in meters: a value averaged by an object that prints itself under its own name
(pytorch/examples imagenet's AverageMeter, summarised by a ProgressMeter).

    class AverageMeter:
        def __init__(self, name, fmt=":f", summary_type=Summary.AVERAGE):
            self.name = name
        def summary(self):
            return "{name} {avg:.3f}".format(**self.__dict__)

    def validate(val_loader, model, criterion, args):
        top1 = AverageMeter("Acc@1", ":6.2f", Summary.AVERAGE)
        ...
        progress.display_summary()          # prints " * Acc@1 71.234 Acc@5 90.120"
        return top1.avg
    -> a report labelled "Acc@1" of `top1.avg` at the `return` (validation_accuracy)

A meter class is one defined in the module whose `__init__` keeps a parameter as `self.name`
and whose text puts `{name...}` before `{avg...}`: the summary line shows the name beside the
average, so the average the function returns is the number printed under that label. Only a
meter made in the function that returns its average counts (its label is a string literal).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from sagebridge.analyze.source import ParsedModule, string_value

NAME_THEN_AVERAGE = re.compile(r"\{name\b[^{}]*\}.*\{avg\b")


@dataclass(frozen=True)
class MeterReport:
    """A meter's average returned by a function: its label and the returned expression."""

    label: str
    value: ast.expr


def meter_classes(module: ParsedModule) -> frozenset[str]:
    return frozenset(
        node.name
        for node in module.tree.body
        if isinstance(node, ast.ClassDef) and _keeps_name(node) and _prints_name_and_average(node)
    )


def returned_meters(
    node: ast.Return, function: ast.FunctionDef | ast.AsyncFunctionDef, classes: frozenset[str]
) -> list[MeterReport]:
    """The meter averages `node` returns (`return top1.avg`, `return top1.avg, top5.avg`)."""
    if not classes or node.value is None:
        return []
    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
    labels = _meter_labels(function, classes)
    return [
        MeterReport(labels[value.value.id], value)
        for value in values
        if isinstance(value, ast.Attribute)
        and value.attr == "avg"
        and isinstance(value.value, ast.Name)
        and value.value.id in labels
    ]


def _meter_labels(
    function: ast.FunctionDef | ast.AsyncFunctionDef, classes: frozenset[str]
) -> dict[str, str]:
    """`top1 = AverageMeter("Acc@1", ...)` in the function -> {"top1": "Acc@1"}; a variable
    bound twice is left out (which meter it holds at the return is unknown)."""
    labels: dict[str, str] = {}
    bound: list[str] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        bound += [t.id for t in node.targets if isinstance(t, ast.Name)]
        call = node.value
        if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        if call.func.id not in classes:
            continue
        label = _label(call)
        if label is not None:
            labels[node.targets[0].id] = label
    return {name: label for name, label in labels.items() if bound.count(name) == 1}


def _label(call: ast.Call) -> str | None:
    named = [k.value for k in call.keywords if k.arg == "name"]
    first = named[0] if named else (call.args[0] if call.args else None)
    return string_value(first) if first is not None else None


def _keeps_name(node: ast.ClassDef) -> bool:
    """`__init__(self, name, ...)` with `self.name = name`."""
    init = next(
        (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
    )
    if init is None:
        return False
    parameters = {a.arg for a in [*init.args.args[1:], *init.args.kwonlyargs]}
    return any(
        isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.Name)
        and statement.value.id in parameters
        and any(
            isinstance(t, ast.Attribute)
            and t.attr == "name"
            and isinstance(t.value, ast.Name)
            and t.value.id == "self"
            for t in statement.targets
        )
        for statement in init.body
    )


def _prints_name_and_average(node: ast.ClassDef) -> bool:
    return any(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and NAME_THEN_AVERAGE.search(n.value) is not None
        for n in ast.walk(node)
    )
