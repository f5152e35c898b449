"""Keras: export the trained model for TF Serving; checkpoints into the spot-synced folder.

    model.save("clf.keras")                      (already moved to SM_MODEL_DIR by model_saving)
    +   sagebridge_runtime.export_keras(model)   SM_MODEL_DIR/1/ SavedModel (+ model.keras)

    parser.add_argument("--checkpoint-dir", default="checkpoints")
    ->  parser.add_argument("--checkpoint-dir", default=sagebridge_runtime.checkpoint_path("checkpoints"))

    model.fit(x, y, epochs=3)                    (no checkpoint callback anywhere)
    ->  model.fit(x, y, epochs=3, callbacks=sagebridge_runtime.keras_callbacks())

The plan (plan/keras.py) says where; every helper leaves a laptop run as the script wrote it.
"""

from __future__ import annotations

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

EXPORT = f"{RUNTIME_MODULE}.export_keras"
CHECKPOINT_PATH = f"{RUNTIME_MODULE}.checkpoint_path"
CALLBACKS = f"{RUNTIME_MODULE}.keras_callbacks"


class KerasTransform(PlanCodemod):
    NAME = "keras"
    DESCRIPTION = "Export Keras models for TF Serving; checkpoints into /opt/ml/checkpoints."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.keras is not None and plan.keras.file == file

    def visit_Module(self, node: cst.Module) -> None:
        assert self.plan.keras is not None
        self._keras = self.plan.keras
        self._exported = False
        self._literals_found: set[tuple[int, str]] = set()
        self._backup_done = False
        self._inside_checkpoint_path = 0  # an earlier migration's checkpoint_path("...")

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func)
        if name == EXPORT:
            self._exported = True  # migrated before
        elif name == CHECKPOINT_PATH:
            self._inside_checkpoint_path += 1

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.BaseExpression:
        value = original_node.evaluated_value
        for line, literal in self._keras.checkpoint_literals:
            if value == literal and self.starts_at(original_node, line):
                self._literals_found.add((line, literal))
                if self._inside_checkpoint_path:
                    return updated_node
                self.need_runtime()
                return cst.parse_expression(f"{CHECKPOINT_PATH}({original_node.value})")
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if dotted(original_node.func) == CHECKPOINT_PATH:
            self._inside_checkpoint_path -= 1
        line = self._keras.backup_fit
        func = original_node.func
        is_fit = isinstance(func, cst.Attribute) and func.attr.value == "fit"
        if (
            line is None
            or self._backup_done
            or not is_fit
            or not self.starts_at(original_node, line)
        ):
            return updated_node
        self._backup_done = True
        self.need_runtime()
        args = list(updated_node.args)
        for index, arg in enumerate(args):
            if arg.keyword is not None and arg.keyword.value == "callbacks":
                if isinstance(arg.value, cst.Call) and dotted(arg.value.func) == CALLBACKS:
                    return updated_node  # migrated before
                wrapped = cst.Call(cst.parse_expression(CALLBACKS), [cst.Arg(arg.value)])
                args[index] = arg.with_changes(value=wrapped)
                return updated_node.with_changes(args=args)
        added = cst.Arg(
            keyword=cst.Name("callbacks"),
            value=cst.parse_expression(f"{CALLBACKS}()"),
            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
        )
        if args:
            last = args[-1]
            if last.comma is cst.MaybeSentinel.DEFAULT:
                args[-1] = last.with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
            elif isinstance(last.comma, cst.Comma):  # a trailing comma: keep the user's layout
                added = added.with_changes(comma=last.comma)
                before = args[-2].comma if len(args) > 1 else None
                indent = (
                    before.whitespace_after
                    if isinstance(before, cst.Comma)
                    else updated_node.whitespace_before_args
                )
                args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=indent))
        return updated_node.with_changes(args=[*args, added])

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if self._exported or not isinstance(original, cst.SimpleStatementLine):
            return ()
        if not self.spans(original, self._keras.export_line):
            return ()
        self._exported = True
        self.need_runtime()
        code = call_code(EXPORT, [self._keras.model_variable], depth)
        return [parse_statement(code, depth)]

    def finish(self) -> None:
        keras = self._keras
        if not self._exported:
            self.warn_at(keras.export_line, "the model's export for TF Serving found no place")
        for line, literal in keras.checkpoint_literals:
            if (line, literal) not in self._literals_found:
                self.warn_at(line, f"checkpoint folder {literal!r} not found; left unchanged")
        if keras.backup_fit is not None and not self._backup_done:
            self.warn_at(keras.backup_fit, "fit call not found; no BackupAndRestore")
