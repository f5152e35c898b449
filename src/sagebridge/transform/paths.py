"""Shared by the transforms that move a hard-coded path into a SageMaker folder.

    data_dir = "./data"
    ->  data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")

    output_dir = "outputs"    (a checkpoint folder)
    ->  output_dir = sagebridge_runtime.checkpoint_dir("outputs")

    snapshot_path="snapshot.pt"    (a file the script resumes from, PathPlan.resume)
    ->  snapshot_path=sagebridge_runtime.resume_file("snapshot.pt")

The original value stays as the fallback, so the script still runs where it ran before. A
literal already inside `os.environ.get(...)` or `checkpoint_dir(...)` is left alone (the code is
already migrated). SageMaker sets no variable for the checkpoint folder, so the runtime says
where it is (/opt/ml/checkpoints in a training container).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from sagebridge import contract
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted

CHECKPOINT_DIR_CALL = f"{RUNTIME_MODULE}.checkpoint_dir"
RESUME_FILE_CALL = f"{RUNTIME_MODULE}.resume_file"


@dataclass(frozen=True)
class EnvPath:
    """One literal to replace: the folder comes from `env`, `fallback` when it is unset."""

    env: str
    fallback: str
    filename: str | None
    line: int
    what: str  # for warnings, e.g. "data path" or "model path"
    resume: bool = False  # the script resumes from this file: the runtime says where it is

    @property
    def original(self) -> str:
        return self.fallback if self.filename is None else f"{self.fallback}/{self.filename}"

    def matches(self, value: str) -> bool:
        if self.filename is None:
            return value == self.fallback
        # `model.pth` and `./model.pth` name the same file (the plan splits both into `.` + name).
        return posixpath.normpath(value) == posixpath.normpath(self.original)


def _literal(value: str, like: cst.SimpleString) -> str:
    """A Python string literal for `value` in the quote style of `like`."""
    if like.quote == "'":
        return repr(value) if "'" not in value else json.dumps(value)
    return json.dumps(value)


def env_path_expression(path: EnvPath, like: cst.SimpleString) -> cst.BaseExpression:
    value = like.evaluated_value
    if path.resume and isinstance(value, str):  # the literal as written: the laptop's path
        return cst.parse_expression(f"{RESUME_FILE_CALL}({_literal(value, like)})")
    if path.env == contract.ENV_CHECKPOINT_DIR:
        folder = f"{CHECKPOINT_DIR_CALL}({_literal(path.fallback, like)})"
    else:
        folder = f"os.environ.get({_literal(path.env, like)}, {_literal(path.fallback, like)})"
    if path.filename is None:
        return cst.parse_expression(folder)
    return cst.parse_expression(f"os.path.join({folder}, {_literal(path.filename, like)})")


def _sagemaker_variable(call: cst.Call) -> bool:
    """`os.environ.get("SM_CHANNEL_TRAINING", ...)`: a path migrated before. The script's own
    variable (`os.environ.get("DATA_FILE", "data/x.csv")`) keeps a default to migrate."""
    first = call.args[0].value if call.args else None
    name = first.evaluated_value if isinstance(first, cst.SimpleString) else None
    return isinstance(name, str) and name.startswith("SM_")


class EnvPathCodemod(PlanCodemod):
    """Replace each planned literal; subclasses say which (`env_paths`)."""

    def env_paths(self) -> Sequence[EnvPath]:
        raise NotImplementedError

    def visit_Module(self, node: cst.Module) -> None:
        self._pending = list(self.env_paths())
        self._found: set[EnvPath] = set()
        self._already: set[int] = set()  # ids of literals inside os.environ.get(...)
        self._option_names: set[int] = set()  # `add_argument("data", default="data")`'s "data"

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "add_argument":
            # the option's name (a positional's dest) is no path even when it reads like one
            self._option_names.update(id(arg.value) for arg in node.args if arg.keyword is None)
        migrated = name in (CHECKPOINT_DIR_CALL, RESUME_FILE_CALL)
        if migrated or name == "os.environ.get" and _sagemaker_variable(node):
            self._already.update(id(arg.value) for arg in node.args)

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.BaseExpression:
        value = original_node.evaluated_value
        if not isinstance(value, str) or id(original_node) in self._option_names:
            return updated_node
        for path in self._pending:
            if not self.spans(original_node, path.line):
                continue
            if id(original_node) in self._already:  # the fallback of a migrated path
                if value == path.fallback or path.resume and path.matches(value):
                    self._found.add(path)
                continue
            if path.matches(value):
                self._found.add(path)
                if path.env == contract.ENV_CHECKPOINT_DIR or path.resume:
                    self.need_runtime()
                checkpoint = path.env == contract.ENV_CHECKPOINT_DIR and path.filename is None
                if not (path.resume or checkpoint):
                    self.need_import("os")
                return env_path_expression(path, original_node)
        return updated_node

    def finish(self) -> None:
        for path in self._pending:
            if path not in self._found:
                self.warn_at(path.line, f"{path.what} {path.original!r} not found; left unchanged")
