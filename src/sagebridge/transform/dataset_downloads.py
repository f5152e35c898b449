"""Dataset constructors stop downloading: the data is already staged in the channel folder.

    datasets.MNIST(data_dir, train=True, download=True, transform=transform)
    ->  datasets.MNIST(data_dir, train=True, download=False, transform=transform)

`data_dir` itself reads the channel (channels transform); the preprocessing step or sagebridge
stages the files there.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import DatasetDownload, MigrationPlan
from sagebridge.transform.base import PlanCodemod, dotted

# Loaders with no download switch (plan/keras.py reports where their data comes from).
NO_SWITCH = ("keras.datasets.", "tensorflow.keras.datasets.")


def _switchable(plan: MigrationPlan) -> list[DatasetDownload]:
    return [d for d in plan.analysis.dataset_downloads if not d.call.startswith(NO_SWITCH)]


class DatasetDownloadsTransform(PlanCodemod):
    NAME = "dataset_downloads"
    DESCRIPTION = "Read datasets from the channel instead of downloading them (download=False)."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(download.file == file for download in _switchable(plan))

    def visit_Module(self, node: cst.Module) -> None:
        self._pending = [d for d in _switchable(self.plan) if d.file == self.file]
        self._found: set[int] = set()

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        name = dotted(original_node.func) or ""
        for download in self._pending:
            if not self.spans(original_node, download.line):
                continue
            if name != download.call and name.rsplit(".", 1)[-1] != download.dataset:
                continue
            self._found.add(download.line)
            args = list(updated_node.args)
            for index, arg in enumerate(args):
                if arg.keyword is None or arg.keyword.value != "download":
                    continue
                if isinstance(arg.value, cst.Name) and arg.value.value == "True":
                    args[index] = arg.with_changes(value=cst.Name("False"))
                    return updated_node.with_changes(args=args)
                if not (isinstance(arg.value, cst.Name) and arg.value.value == "False"):
                    self.warn_at(
                        download.line,
                        f"{name}: download={cst.Module([]).code_for_node(arg.value)} "
                        "is not a literal; left unchanged",
                    )
                return updated_node
            self.warn_at(download.line, f"{name}: no download= argument; left unchanged")
        return updated_node

    def finish(self) -> None:
        for download in self._pending:
            if download.line not in self._found:
                self.warn_at(download.line, f"dataset download {download.call} not found")
