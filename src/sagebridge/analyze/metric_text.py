"""A report's text as labels and values: what analyze/metrics.py reads metric names from.

    print("Test set: loss {:.4f}, acc {}".format(l, a))  -> ["Test set: loss ", <l>, ", acc ", <a>]
    logger.info("val_auc=%.4f", auc)                     -> ["val_auc=", <auc>]
    print(f"step {i}: val loss {v:.3f}")                 -> ["step ", <i>, ": val loss ", <v>]
    print({"eval_accuracy": acc})                         -> ["eval_accuracy ", <acc>, ", "]
    print(" * Acc@1 {top1.avg:.3f}".format(top1=top1))    -> [" * Acc@1 ", <top1.avg>]

Values are `Field`s holding the expression node; everything else is text. A value we cannot
name (`%(key)s`, `{}` past the arguments) is the text "?", which keeps labels from running together.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass

from sagebridge.analyze.source import string_value

PERCENT_FIELD = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])"
)


# `%5s`, `%-10s`: a name padded into a column (a plain `%s` prints numbers too: `RMSE: %s`).
PADDED_TEXT = re.compile(r"%-?\d+s")


@dataclass(frozen=True)
class Field:
    node: ast.expr
    spec: str = ""

    @property
    def is_text(self) -> bool:
        """Formatted as a string (`{name:5s}`, `%5s`): a name, never a measurement (a number
        formatted with `:s` raises)."""
        return self.spec.endswith("s")


Part = str | Field


def parts_of_call(call: ast.Call) -> list[Part]:
    if not call.args:
        return []
    first = call.args[0]
    template = string_value(first)
    if template is not None and len(call.args) > 1 and PERCENT_FIELD.search(template):
        return percent_parts(template, call.args[1:])  # logging.info("acc %.2f", acc)
    parts: list[Part] = []
    for arg in call.args:
        parts.extend(parts_of_expression(arg))
        parts.append(" ")  # print's separator: `print("loss", l, "acc", a)`
    return merged(parts)


def merged(parts: list[Part]) -> list[Part]:
    """Adjacent texts joined, so the text after a value is one part."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return out


def parts_of_expression(node: ast.expr) -> list[Part]:
    text = string_value(node)
    if text is not None:
        return [text]
    if isinstance(node, ast.JoinedStr):
        return _fstring_parts(node)
    if isinstance(node, ast.Dict):
        return dict_parts(node)
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
            return percent_parts(template, values)
    return [Field(node)]


def dict_parts(node: ast.Dict) -> list[Part]:
    """`{"val_loss": v, "epoch": e}` -> ["val_loss ", <v>, ", ", "epoch ", <e>, ", "]."""
    parts: list[Part] = []
    for key, value in zip(node.keys, node.values):
        text = string_value(key) if key is not None else None
        parts += [f"{text} " if text is not None else "?", Field(value), ", "]
    return parts


def _fstring_parts(node: ast.JoinedStr) -> list[Part]:
    parts: list[Part] = []
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            spec = value.format_spec
            pieces = spec.values if isinstance(spec, ast.JoinedStr) else []
            spec_text = "".join(
                v.value for v in pieces if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            parts.append(Field(value.value, spec_text))
        else:
            parts.extend(parts_of_expression(value))
    return parts


def _format_parts(template: str, call: ast.Call) -> list[Part]:
    positional = list(call.args)
    named = {item.arg: item.value for item in call.keywords if item.arg}
    parts: list[Part] = []
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
        if node is not None and not isinstance(node, ast.Starred) and key != field:
            node = _field_lookup(node, field[len(key) :])
        if node is None or isinstance(node, ast.Starred):
            parts.append("?")  # a value we cannot name: keeps labels from running together
        else:
            parts.append(Field(node, spec or ""))
    return parts


FIELD_STEP = re.compile(r"\.(?P<attr>[A-Za-z_]\w*)|\[(?P<index>[^\]]+)\]")


def _field_lookup(node: ast.expr, lookups: str) -> ast.expr | None:
    """`{top1.avg:.3f}`.format(top1=top1) -> `top1.avg`; `{0[acc]}` -> `x['acc']`: the value
    str.format reads (a digit index is an int, any other a string key), or None."""
    position = 0
    for step in FIELD_STEP.finditer(lookups):
        if step.start() != position:
            return None
        position = step.end()
        if step.group("attr"):
            node = ast.Attribute(value=node, attr=step.group("attr"), ctx=ast.Load())
        else:
            index = step.group("index")
            key = ast.Constant(int(index) if index.isdigit() else index)
            node = ast.Subscript(value=node, slice=key, ctx=ast.Load())
    return node if position == len(lookups) else None


def percent_parts(template: str, values: list[ast.expr]) -> list[Part]:
    parts: list[Part] = []
    position = 0
    remaining = iter(values)
    for match in PERCENT_FIELD.finditer(template):
        parts.append(template[position : match.start()])
        position = match.end()
        if match.group("kind") == "%":
            parts.append("%")
            continue
        value = next(remaining, None)
        spec = match.group(0)[1:] if PADDED_TEXT.fullmatch(match.group(0)) else ""
        parts.append(Field(value, spec) if value is not None and match.group("key") is None else "?")
    parts.append(template[position:])
    return [p for p in parts if p != ""]
