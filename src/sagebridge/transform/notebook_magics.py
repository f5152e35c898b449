"""Display-only IPython magics of a notebook exported as a script become `pass`
(plan/notebook_magics.py decides which):

    get_ipython().run_line_magic('matplotlib', 'inline')
    ->  pass  # %matplotlib: an IPython magic, nothing to do outside a notebook

`get_ipython` is undefined under `python`, where the training job runs the script: left as it
is, the statement raises NameError before anything trains.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import PlanCodemod


class NotebookMagicsTransform(PlanCodemod):
    NAME = "notebook_magics"
    DESCRIPTION = "Display-only IPython magics (`%matplotlib inline`) become `pass`."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(magic.file == file for magic in plan.edits.magics)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        for magic in self.plan.edits.magics:
            if magic.file != self.file or not self.starts_at(original_node, magic.line):
                continue
            if len(updated_node.body) == 1 and isinstance(updated_node.body[0], cst.Pass):
                return updated_node  # already migrated
            if len(updated_node.body) != 1 or not isinstance(updated_node.body[0], cst.Expr):
                self.warn_at(magic.line, f"%{magic.magic}: not a statement of its own; left")
                return updated_node
            comment = f"# %{magic.magic}: an IPython magic, nothing to do outside a notebook"
            return updated_node.with_changes(
                body=[cst.Pass()],
                trailing_whitespace=cst.TrailingWhitespace(
                    whitespace=cst.SimpleWhitespace("  "),
                    comment=cst.Comment(comment),
                    newline=updated_node.trailing_whitespace.newline,
                ),
            )
        return updated_node
