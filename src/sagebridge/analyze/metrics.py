"""Metrics the script already computes and reports in its test/validation code.

    print("Test set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)".format(
        test_loss, correct, len(test_loader.dataset), accuracy))
        -> test_loss = "test_loss", test_accuracy = "correct / len(test_loader.dataset)"
    print(f"val acc: {100 * acc:.1f}%")              -> validation_accuracy = "acc"
    mlflow.log_metric("test_auc", auc)               -> test_auc = "auc"

A report is a print or logging call (its text is split into labels and values: str.format,
f-strings, %-formatting, or alternating print arguments) or a named-metric call (`self.log`,
`log_metric`, `add_scalar`, `wandb.log({...})`). A value's label names the metric; the phase
(test or validation) comes from the label, the text before it, or the enclosing function.
Training-phase metrics are left out. Every expression is valid at the reporting line, and is a
fraction where the script prints a percentage (`x%` -> `x / 100`, `100 * x` -> `x`) or a
count ratio (`{}/{}` -> `a / b`).
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass

from sagebridge.analyze.knowledge import METRIC_BIGRAMS, METRIC_WORDS, PHASE_WORDS
from sagebridge.analyze.source import ParsedModule, enclosing_functions, last_name, string_value
from sagebridge.model import Metric

PRINT_CALLS = frozenset({"print", "info", "debug", "warning", "echo"})
NAMED_METRIC_CALLS = frozenset({"log", "log_metric", "add_scalar", "log_dict", "log_metrics"})
_PERCENT_FIELD = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])"
)


@dataclass(frozen=True)
class _Field:
    node: ast.expr
    spec: str = ""


_Part = str | _Field


def find_metrics(module: ParsedModule) -> list[Metric]:
    owners = enclosing_functions(module.tree)
    found: dict[str, Metric] = {}
    for call in module.calls():
        function = owners.get(id(call))
        for name, expression in _reported(module, call, function):
            found.setdefault(name, Metric(name, expression, module.path, call.lineno))
    return sorted(found.values(), key=lambda m: (m.line, m.name))


def _reported(module: ParsedModule, call: ast.Call, function: str | None) -> list[tuple[str, str]]:
    short = last_name(call)
    if short in NAMED_METRIC_CALLS:
        return _named_metrics(module, call, function)
    if short in PRINT_CALLS:
        return _printed_metrics(module, _parts_of_call(call), function)
    return []


def _named_metrics(
    module: ParsedModule, call: ast.Call, function: str | None
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, ast.expr]] = []
    key = string_value(call.args[0]) if call.args else None
    if key is not None and len(call.args) > 1:
        pairs.append((key, call.args[1]))
    elif call.args and isinstance(call.args[0], ast.Dict):
        for k, v in zip(call.args[0].keys, call.args[0].values):
            text = string_value(k)
            if text is not None:
                pairs.append((text, v))
    found = []
    for key_text, value in pairs:
        words = _words(key_text)
        metric = _metric(words)
        phase = _phase(words) or _phase(_words(function or ""))
        if metric and phase in {"test", "validation"}:
            found.append((f"{phase}_{metric}", _as_fraction(module, value, percent=False)))
    return found


def _parts_of_call(call: ast.Call) -> list[_Part]:
    if not call.args:
        return []
    first = call.args[0]
    template = string_value(first)
    if template is not None and len(call.args) > 1 and _PERCENT_FIELD.search(template):
        return _percent_parts(template, call.args[1:])  # logging.info("acc %.2f", acc)
    parts: list[_Part] = []
    for arg in call.args:
        parts.extend(_parts_of_expression(arg))
    return parts


def _parts_of_expression(node: ast.expr) -> list[_Part]:
    text = string_value(node)
    if text is not None:
        return [text]
    if isinstance(node, ast.JoinedStr):
        parts: list[_Part] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                spec = value.format_spec
                pieces = spec.values if isinstance(spec, ast.JoinedStr) else []
                spec_text = "".join(
                    v.value
                    for v in pieces
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
                parts.append(_Field(value.value, spec_text))
            else:
                parts.extend(_parts_of_expression(value))
        return parts
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and string_value(node.func.value) is not None
    ):
        return _format_parts(string_value(node.func.value) or "", node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        template = string_value(node.left)
        if template is not None:
            values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return _percent_parts(template, values)
    return [_Field(node)]


def _format_parts(template: str, call: ast.Call) -> list[_Part]:
    positional = list(call.args)
    named = {item.arg: item.value for item in call.keywords if item.arg}
    parts: list[_Part] = []
    automatic = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return []
    for literal, field, spec, _conversion in parsed:
        if literal:
            parts.append(literal)
        if field is None:
            continue
        key = re.split(r"[.\[]", field, maxsplit=1)[0]
        node: ast.expr | None
        if key == "":
            node = positional[automatic] if automatic < len(positional) else None
            automatic += 1
        elif key.isdigit():
            node = positional[int(key)] if int(key) < len(positional) else None
        else:
            node = named.get(key)
        if node is None or isinstance(node, ast.Starred) or key != field:
            parts.append("?")  # a value we cannot name: keeps labels from running together
        else:
            parts.append(_Field(node, spec or ""))
    return parts


def _percent_parts(template: str, values: list[ast.expr]) -> list[_Part]:
    parts: list[_Part] = []
    position = 0
    remaining = iter(values)
    for match in _PERCENT_FIELD.finditer(template):
        parts.append(template[position : match.start()])
        position = match.end()
        if match.group("kind") == "%":
            parts.append("%")
            continue
        value = next(remaining, None)
        parts.append(_Field(value) if value is not None and match.group("key") is None else "?")
    parts.append(template[position:])
    return [p for p in parts if p != ""]


def _printed_metrics(
    module: ParsedModule, parts: list[_Part], function: str | None
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    label = ""
    before = ""  # all text of the report so far
    index = 0
    while index < len(parts):
        part = parts[index]
        if isinstance(part, str):
            label += part
            before += part
            index += 1
            continue
        metric = _metric(_words(label))
        phase = _phase(_words(label)) or _phase(_words(before)) or _phase(_words(function or ""))
        after = parts[index + 1] if index + 1 < len(parts) else ""
        after_text = after if isinstance(after, str) else ""
        ratio = parts[index + 2] if index + 2 < len(parts) else None
        if metric and phase in {"test", "validation"}:
            if after_text.strip() == "/" and isinstance(ratio, _Field):
                numerator = _grouped(module.segment(part.node), part.node)
                denominator = _grouped(module.segment(ratio.node), ratio.node)
                found.append((f"{phase}_{metric}", f"{numerator} / {denominator}"))
                index += 2
            else:
                percent = after_text.lstrip().startswith("%") and not part.spec.endswith("%")
                found.append((f"{phase}_{metric}", _as_fraction(module, part.node, percent)))
        label = ""
        index += 1
    return found


def _as_fraction(module: ParsedModule, node: ast.expr, percent: bool) -> str:
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
        return f"{_grouped(text, node)} / 100"
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
    return f"{module.segment(left.right)} / {_grouped(module.segment(node.right), node.right)}"


def _is_hundred(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, bool)
        and node.value in (100, 100.0)
    )


def _grouped(text: str, node: ast.expr) -> str:
    simple = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant))
    return text if simple else f"({text})"


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def _metric(words: list[str]) -> str | None:
    """The metric named last in the label (`Average loss, Accuracy` -> accuracy)."""
    found: str | None = None
    for i, word in enumerate(words):
        pair = (words[i - 1], word) if i else None
        if pair in METRIC_BIGRAMS:
            found = METRIC_BIGRAMS[pair]
        elif word in METRIC_WORDS:
            found = METRIC_WORDS[word]
    return found


def _phase(words: list[str]) -> str | None:
    phases = [PHASE_WORDS[w] for w in words if w in PHASE_WORDS]
    return phases[-1] if phases else None
