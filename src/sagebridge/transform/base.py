"""What every transform shares: its plan, the line map, warnings with file:line, and a way to
add whole statements before or after an existing one.

A transform is a LibCST `CSTTransformer` with a one-line `DESCRIPTION`. It receives the plan
(decisions with the user's original line numbers) and never re-detects: it finds the node a
decision names by position, changes it, and asks for the imports it needs (`need_import`); the
driver adds them after the transform (`transform/imports.py`). It does not use
`libcst.codemod`: importing that package (and `libcst.matchers`) costs more than a migration.
A decision whose node is not where the plan says becomes a warning, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from sagebridge.contract import RUNTIME_MODULE
from sagebridge.model import MigrationPlan
from sagebridge.model.datasets import HubDataset, SklearnFetchDataset
from sagebridge.transform.lines import LineMap

__all__ = ["RUNTIME_MODULE"]  # the transforms import it from here, beside their other helpers
INDENT = "    "
LINE_LENGTH = 100  # of the lines we add; the user's own lines are never reflowed


def parse_statement(code: str, depth: int) -> cst.BaseStatement:
    """Parse one statement as it would sit `depth` blocks deep, so continuation lines align."""
    wrapped = "".join(f"{INDENT * level}if True:\n" for level in range(depth))
    wrapped += "".join(f"{INDENT * depth}{line}\n" if line else "\n" for line in code.splitlines())
    node: cst.CSTNode = cst.parse_module(wrapped).body[0]
    for _ in range(depth):
        assert isinstance(node, cst.If) and isinstance(node.body, cst.IndentedBlock)
        node = node.body.body[0]
    assert isinstance(node, cst.BaseStatement)
    return node


def call_code(call: str, arguments: list[str], depth: int, prefix: str = "") -> str:
    """`prefix + call(arguments)` on one line, or with the arguments on their own line if long."""
    one_line = f"{prefix}{call}({', '.join(arguments)})"
    if len(INDENT * depth + one_line) <= LINE_LENGTH:
        return one_line
    return f"{prefix}{call}(\n{INDENT}{', '.join(arguments)}\n)"


def is_main_guard(node: cst.CSTNode) -> bool:
    """`if __name__ == "__main__":` (either order, any quotes)."""
    if not isinstance(node, cst.If) or not isinstance(node.test, cst.Comparison):
        return False
    test = node.test
    if len(test.comparisons) != 1 or not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    sides = (test.left, test.comparisons[0].comparator)
    names = [s.value for s in sides if isinstance(s, cst.Name)]
    strings = [s.evaluated_value for s in sides if isinstance(s, cst.SimpleString)]
    return names == ["__name__"] and strings == ["__main__"]


def dotted(node: cst.BaseExpression) -> str | None:
    """`torch.jit.script` for an Attribute/Name chain, None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


class Positions:
    """Where each node of one tree is, worked out on the first question only (it costs a full
    code generation) and shared by the transforms that run on that same tree."""

    def __init__(self, tree: cst.Module) -> None:
        self._tree = tree
        self._ranges: Mapping[cst.CSTNode, CodeRange] | None = None

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        if self._ranges is None:
            wrapper = MetadataWrapper(self._tree, unsafe_skip_copy=True)  # nodes stay the same
            self._ranges = wrapper.resolve(PositionProvider)
        return self._ranges[node]


@dataclass
class TransformContext:
    """One transform run on one file: the positions of its tree, and what it leaves behind."""

    filename: str  # relative to the project root
    positions: Positions
    warnings: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)  # modules to `import`, in asking order


class PlanCodemod(cst.CSTTransformer):
    NAME: ClassVar[str] = ""  # also the folder of its fixture cases
    DESCRIPTION: str = ""

    def __init__(self, context: TransformContext, plan: MigrationPlan, lines: LineMap) -> None:
        super().__init__()
        self.context = context
        self.plan = plan
        self.lines = lines
        self.file = context.filename
        self._depth = 0

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        """False when the plan holds nothing for this transform in `file`: it would change
        nothing and warn about nothing there, so it is not run."""
        return True

    # ---- positions ---------------------------------------------------------------------------

    def position(self, node: cst.CSTNode) -> CodeRange:
        """Where a node of the tree being transformed (an `original_node`) is."""
        return self.context.positions[node]

    def starts_at(self, node: cst.CSTNode, original_line: int) -> bool:
        """True when `node` starts on the line now holding the user's `original_line`."""
        line = self.lines.current(original_line)
        return line is not None and self.position(node).start.line == line

    def spans(self, node: cst.CSTNode, original_line: int) -> bool:
        line = self.lines.current(original_line)
        if line is None:
            return False
        position = self.position(node)
        return position.start.line <= line <= position.end.line

    def warn(self, message: str) -> None:
        self.context.warnings.append(message)

    def warn_at(self, original_line: int, message: str) -> None:
        self.warn(f"{self.file}:{original_line}: {message}")

    def need_runtime(self) -> None:
        self.need_import(RUNTIME_MODULE)

    def need_import(self, module: str) -> None:
        self.context.imports.append(module)

    # ---- inserting statements ----------------------------------------------------------------

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        """Statements to insert before `original` (a statement `depth` blocks deep)."""
        return ()

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        """Statements to insert after `original`."""
        return ()

    def at_edge(self, original: cst.BaseStatement) -> bool:
        """True when `before`/`after` insert at `original` because it is the first/last statement
        of its block (found as the block's edge when the module is visited), not for what it is.
        Run after other codemods, such an insertion goes outside theirs at that edge; the
        combined walk (`combined.py`) needs to know to do the same."""
        return False

    def _with_insertions(
        self, original: Sequence[cst.BaseStatement], updated: Sequence[cst.BaseStatement]
    ) -> list[cst.BaseStatement]:
        body: list[cst.BaseStatement] = []
        for old, new in zip(original, updated):
            body.extend(self.before(old, self._depth))
            body.append(new)
            body.extend(self.after(old, self._depth))
        return body

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._depth += 1

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = self._with_insertions(original_node.body, updated_node.body)
        self._depth -= 1
        return updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._with_insertions(original_node.body, updated_node.body)
        self.finish()  # after the module-level insertions, which may find decisions too
        return updated_node.with_changes(body=body)

    def finish(self) -> None:
        """Called once the whole module is visited: warn about decisions not found."""


class StagedDatasetCodemod(PlanCodemod):
    """A codemod for the dataset Preprocess staged in a channel (`KIND`, e.g. "hub_dataset"):
    it runs only in the file holding the dataset's calls; `_done` collects the original lines
    already rewritten."""

    KIND: ClassVar[str] = ""

    @classmethod
    def staged(cls, plan: MigrationPlan) -> HubDataset | SklearnFetchDataset | None:
        dataset = plan.dataset
        if (
            not isinstance(dataset, (HubDataset, SklearnFetchDataset))
            or dataset.kind != cls.KIND
            or not dataset.channel_env
        ):
            return None
        return dataset

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        staged = cls.staged(plan)
        return staged is not None and staged.file == file

    def visit_Module(self, node: cst.Module) -> None:
        staged = self.staged(self.plan)
        self._dataset = staged if staged is not None and staged.file == self.file else None
        self._done: set[int] = set()
