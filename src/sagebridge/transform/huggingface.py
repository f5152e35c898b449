"""A Hugging Face script's own resume option defaults to the newest checkpoint folder.

    parser.add_argument("--resume_from_checkpoint", type=str, default=None)
    ->  parser.add_argument("--resume_from_checkpoint", type=str,
                            default=sagebridge_runtime.latest_checkpoint())

`latest_checkpoint()` is None outside a training container and when the checkpoint folder is
empty, so a laptop run and a fresh job behave as before; a restarted spot job gets the newest
`checkpoint-N` (Trainer) or `epoch_N`/`step_N` (Accelerate) folder and resumes from it. A value
given on the command line still wins. With no such option, a Trainer's bare `train()` gets it:

    trainer.train()  ->  trainer.train(resume_from_checkpoint=sagebridge_runtime.latest_checkpoint())

Decided by plan/huggingface.py.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted

LATEST = f"{RUNTIME_MODULE}.latest_checkpoint"
RESUME = "resume_from_checkpoint"


class ResumeTransform(PlanCodemod):
    NAME = "resume"
    DESCRIPTION = "Default the script's resume option to the newest checkpoint folder."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.resume is not None and plan.resume.file == file

    def visit_Module(self, node: cst.Module) -> None:
        self._done = False

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        resume = self.plan.resume
        if resume is None:
            return updated_node
        if resume.flag is None:
            return self._train_call(original_node, updated_node, resume.line)
        if not _is_option(updated_node, resume.flag):
            return updated_node
        self._done = True
        arguments = []
        for arg in updated_node.args:
            if arg.keyword is not None and arg.keyword.value == "default":
                if isinstance(arg.value, cst.Call) and dotted(arg.value.func) == LATEST:
                    return updated_node  # already migrated
                if not (isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                    return updated_node  # not the None default the plan saw
                self.need_runtime()
                arg = arg.with_changes(value=cst.parse_expression(f"{LATEST}()"))
            arguments.append(arg)
        return updated_node.with_changes(args=arguments)

    def _train_call(
        self, original_node: cst.Call, updated_node: cst.Call, line: int
    ) -> cst.BaseExpression:
        """`trainer.train()` -> `trainer.train(resume_from_checkpoint=<newest folder>)`."""
        func = updated_node.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "train"
            and self.starts_at(original_node, line)
        ):
            return updated_node
        self._done = True
        if any(a.keyword is not None and a.keyword.value == RESUME for a in updated_node.args):
            return updated_node  # already migrated
        self.need_runtime()
        argument = cst.Arg(
            keyword=cst.Name(RESUME),
            value=cst.parse_expression(f"{LATEST}()"),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        return updated_node.with_changes(args=[*updated_node.args, argument])

    def finish(self) -> None:
        resume = self.plan.resume
        if resume is not None and not self._done:
            what = resume.flag or "trainer.train()"
            self.warn_at(resume.line, f"{what} not found; no resume from checkpoints")


def _is_option(call: cst.Call, flag: str) -> bool:
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "add_argument"):
        return False
    first = call.args[0].value if call.args else None
    return isinstance(first, cst.SimpleString) and first.evaluated_value == flag
