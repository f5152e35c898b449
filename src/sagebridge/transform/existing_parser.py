"""The parser a script already has keeps working with SageMaker's `--name value` strings.

    args = parser.parse_args()                     args = parser.parse_known_args()[0]
    parser.add_argument("--fast",           ->     parser.add_argument("--fast",
                        action="store_true")           type=sagebridge_runtime.str2bool,
                                                       nargs="?", const=True, default=False)

A parser with positional settings (`add_argument("total_epochs", type=int)`) reads
`parse_known_args(sagebridge_runtime.positional_options(["--total_epochs"]))`: SageMaker's
`--total_epochs 50` back at its place (analyze/argparse_positionals.py).

`parse_known_args` lets the two parsers (ours for module constants, hyperparameters.py) and
SageMaker's own extra arguments ignore each other's flags; `action="store_true"` /
`type=bool` accept "True"/"False" (`sagebridge_runtime.str2bool`), and a None default reads the
"" the pipeline passes for it back as None (`sagebridge_runtime.optional`).
"""

from __future__ import annotations

import json

import libcst as cst

from sagebridge.model import Hazard, HyperparameterPlan, ParserPlan
from sagebridge.transform.base import INDENT, LINE_LENGTH, RUNTIME_MODULE, PlanCodemod, dotted

OPTIONAL = f"{RUNTIME_MODULE}.optional"
POSITIONAL_OPTIONS = f"{RUNTIME_MODULE}.positional_options"
STR2BOOL = f"{RUNTIME_MODULE}.str2bool"
# What a string-tolerant flag needs instead of `action=...`: nargs="?" keeps `--flag` alone valid.
FLAG_ARGUMENTS = {
    Hazard.STORE_TRUE: ("nargs", '"?"', "const", "True", "default", "False"),
    Hazard.STORE_FALSE: ("nargs", '"?"', "const", "False", "default", "True"),
}


class ExistingParser(PlanCodemod):
    """The hooks for a parser the script has (HyperparametersTransform sets the attributes)."""

    parsers: list[ParserPlan]  # the plan's ParserPlans of this file
    hazards: list[HyperparameterPlan]  # its argparse options that need a string-tolerant type
    _found: set[int]  # original lines of the decisions that were found

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = dotted(original_node.func) or ""
        if name.endswith(".add_argument"):
            return self._fix_flag(original_node, updated_node)
        for parser in self.parsers:
            if parser.parse_line is None or not self.spans(original_node, parser.parse_line):
                continue
            if name == f"{parser.variable}.parse_known_args":
                self._found.add(parser.parse_line)
                return self._positional_options(parser, original_node, updated_node)
            elif name == f"{parser.variable}.parse_args":
                self._found.add(parser.parse_line)
                assert isinstance(updated_node.func, cst.Attribute)
                known = updated_node.with_changes(
                    func=updated_node.func.with_changes(attr=cst.Name("parse_known_args"))
                )
                known = self._positional_options(parser, original_node, known)
                return cst.Subscript(known, [cst.SubscriptElement(cst.Index(cst.Integer("0")))])
        return updated_node

    def _positional_options(
        self, parser: ParserPlan, original: cst.Call, call: cst.Call
    ) -> cst.Call:
        """`parse_known_args()` -> `parse_known_args(sagebridge_runtime.positional_options(
        ["--total_epochs", "--save_every"]))` for a parser with positional settings; a call that
        passes its own arguments is left as it is."""
        if not parser.positionals or call.args:
            return call
        self.need_runtime()
        flags = ", ".join(json.dumps(flag) for flag in parser.positionals)
        argument = cst.Arg(cst.parse_expression(f"{POSITIONAL_OPTIONS}([{flags}])"))
        return self._fit(original, call.with_changes(args=[argument]), extra=3)

    def _fix_flag(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        # Every option string: the plan names `-e, --evaluate` by its long flag.
        flags = {
            arg.value.evaluated_value
            for arg in original.args
            if arg.keyword is None and isinstance(arg.value, cst.SimpleString)
        }
        for hp in self.hazards:
            if hp.flag not in flags or not self.spans(original, hp.line):
                continue
            self._found.add(hp.line)
            keywords = {arg.keyword.value: arg for arg in updated.args if arg.keyword}
            if hp.hazard is Hazard.NONE_DEFAULT:
                return self._optional(original, updated, keywords)
            if hp.hazard is Hazard.TYPE_BOOL:
                declared = keywords.get("type")
                if declared is not None and dotted(declared.value) == "bool":
                    self.need_runtime()
                    return self._replace(updated, "type", [("type", STR2BOOL)])
                return updated
            action = keywords.get("action")
            if action is None:  # already string-tolerant
                return updated
            pairs = FLAG_ARGUMENTS[hp.hazard]  # type: ignore[index]
            new = [("type", STR2BOOL)] + [
                (pairs[i], pairs[i + 1])
                for i in range(0, len(pairs), 2)
                if pairs[i] not in keywords
            ]
            self.need_runtime()
            return self._fit(original, self._replace(updated, "action", new))
        return updated

    def _optional(
        self, original: cst.Call, updated: cst.Call, keywords: dict[str, cst.Arg]
    ) -> cst.Call:
        """`type=int` -> `type=sagebridge_runtime.optional(int)`; no type -> `optional(str)`:
        the "" the pipeline passes for a None default is read back as None."""
        declared = keywords.get("type")
        if declared is not None and dotted(declared.value) == OPTIONAL:
            return updated  # migrated before
        self.need_runtime()
        if declared is not None:
            inner = cst.Module([]).code_for_node(declared.value)
            return self._replace(updated, "type", [("type", f"{OPTIONAL}({inner})")])
        last = updated.args[-1]
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        added = cst.Arg(
            value=cst.parse_expression(f"{OPTIONAL}(str)"),
            keyword=cst.Name("type"),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        args = [*updated.args[:-1], last.with_changes(comma=space), added]
        return self._fit(original, updated.with_changes(args=args))

    def _fit(self, original: cst.Call, call: cst.Call, extra: int = 0) -> cst.Call:
        """One argument per line (black's layout) when the longer call outgrows the line
        (`extra`: characters that follow it, `[0]`)."""
        code = cst.Module([]).code_for_node(call)
        column = self.position(original).start.column
        if "\n" in code or column + len(code) + extra <= LINE_LENGTH:
            return call

        def newline(indent: str) -> cst.ParenthesizedWhitespace:
            return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(indent))

        last = len(call.args) - 1
        args = [
            arg.with_changes(comma=cst.Comma(whitespace_after=newline("" if i == last else INDENT)))
            for i, arg in enumerate(call.args)
        ]
        return call.with_changes(whitespace_before_args=newline(INDENT), args=args)

    @staticmethod
    def _replace(call: cst.Call, keyword: str, new: list[tuple[str, str]]) -> cst.Call:
        """Replace the `keyword=` argument with `new` ones, keeping the call's commas."""
        args: list[cst.Arg] = []
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value != keyword:
                args.append(arg)
                continue
            for index, (name, source) in enumerate(new):
                comma = (
                    arg.comma
                    if index == len(new) - 1
                    else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
                args.append(
                    cst.Arg(
                        value=cst.parse_expression(source),
                        keyword=cst.Name(name),
                        equal=arg.equal,
                        comma=comma,
                    )
                )
        return call.with_changes(args=args)
