"""Other written files go to SM_OUTPUT_DATA_DIR; an epoch loop checkpoints and resumes.

    OUTPUT_DIR = "./output"
    ->  OUTPUT_DIR = os.environ.get("SM_OUTPUT_DATA_DIR", "./output")
    TrainingArguments(output_dir="outputs")          (the script's own checkpoint folder)
    ->  TrainingArguments(output_dir=sagebridge_runtime.checkpoint_dir("outputs"))

    for epoch in range(1, epochs + 1):
        train(...)
    ->  _sagebridge_checkpoints = sagebridge_runtime.Checkpoints(model=model, optimizer=optimizer)
        for epoch in range(1, epochs + 1):
            if _sagebridge_checkpoints.done(epoch):  # finished before an interruption
                continue
            train(...)
            _sagebridge_checkpoints.save(epoch)

Checkpoints live in /opt/ml/checkpoints (SM_CHECKPOINT_DIR overrides it) and are off on a
laptop, so a plain run still trains from scratch.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan, PathRole
from sagebridge.transform.base import RUNTIME_MODULE, call_code, dotted, parse_statement
from sagebridge.transform.paths import EnvPath, EnvPathCodemod

CHECKPOINTS = "_sagebridge_checkpoints"
MOVED = frozenset({PathRole.OUTPUT, PathRole.CHECKPOINT})


class OutputsTransform(EnvPathCodemod):
    NAME = "outputs"
    DESCRIPTION = "Write outputs to SM_OUTPUT_DATA_DIR; checkpoint each epoch and resume."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        checkpoint = plan.checkpoint
        return (checkpoint is not None and checkpoint.file == file) or any(
            p.file == file and p.role in MOVED for p in plan.paths
        )

    def env_paths(self) -> Sequence[EnvPath]:
        return [
            EnvPath(path.env, path.fallback, path.filename, path.line, f"{path.role} path")
            for path in self.plan.paths
            if path.file == self.file and path.role in MOVED
        ]

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        checkpoint = self.plan.checkpoint
        self._checkpoint = checkpoint if checkpoint and checkpoint.file == self.file else None
        self._loop: cst.For | None = None
        self._migrated = False

    def visit_For(self, node: cst.For) -> None:
        plan = self._checkpoint
        if plan is None or self._loop is not None or not self.starts_at(node, plan.line):
            return
        if not (isinstance(node.target, cst.Name) and node.target.value == plan.variable):
            return
        self._loop = node
        first = node.body.body[0] if isinstance(node.body, cst.IndentedBlock) else None
        self._migrated = isinstance(first, cst.If) and (
            isinstance(first.test, cst.Call) and dotted(first.test.func) == f"{CHECKPOINTS}.done"
        )

    def _loop_body(self) -> Sequence[cst.BaseStatement]:
        if (
            self._loop is None
            or self._migrated
            or not isinstance(self._loop.body, cst.IndentedBlock)
        ):
            return ()
        return self._loop.body.body

    def at_edge(self, original: cst.BaseStatement) -> bool:
        body = self._loop_body()
        return bool(body) and (original is body[0] or original is body[-1])

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        plan, body = self._checkpoint, self._loop_body()
        if plan is None or not body:
            return ()
        if original is self._loop:
            self.need_runtime()
            state = [f"{role}={variable}" for role, variable in plan.state]
            code = call_code(f"{RUNTIME_MODULE}.Checkpoints", state, depth, f"{CHECKPOINTS} = ")
            return [parse_statement(code, depth)]
        if original is body[0]:
            resume = (
                f"if {CHECKPOINTS}.done({plan.variable}):  # finished before an interruption\n"
                f"{' ' * 4}continue"
            )
            return [parse_statement(resume, depth)]
        return ()

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        plan, body = self._checkpoint, self._loop_body()
        if plan is None or not body or original is not body[-1]:
            return ()
        return [parse_statement(f"{CHECKPOINTS}.save({plan.variable})", depth)]

    def finish(self) -> None:
        super().finish()
        if self._checkpoint is not None and self._loop is None:
            self.warn_at(self._checkpoint.line, "epoch loop not found; no checkpoints")
