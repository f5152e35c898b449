"""Dataset constructors stop downloading: the data is already staged in the channel folder.

    datasets.MNIST(data_dir, train=True, download=True, transform=transform)
    ->  datasets.MNIST(data_dir, train=True, download=False, transform=transform)

`data_dir` itself reads the channel (channels transform); the preprocessing step or sagebridge
stages the files there. A keras.datasets loader has no such switch: the arrays Preprocess staged
are read from the channel instead, the original call kept for runs outside SageMaker:

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    ->  ... = sagebridge_runtime.keras_dataset(
            "SM_CHANNEL_TRAINING", "mnist.npz", lambda: keras.datasets.mnist.load_data())
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import DownloadEdit, DownloadPlan, MigrationPlan
from sagebridge.model.datasets import KerasDataset
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted

KERAS_DATASET = f"{RUNTIME_MODULE}.keras_dataset"
STAGED_DOWNLOAD = f"{RUNTIME_MODULE}.staged_download"
DESTINATION = "sagebridge_destination"  # the lambda's parameter: no user name is shadowed
STAGED_RESPONSE = f"{RUNTIME_MODULE}.staged_response"
STAGED_GET_FILE = f"{RUNTIME_MODULE}.staged_get_file"


def _fetches(plan: MigrationPlan) -> list[DownloadPlan]:
    """Downloads to a file the plan stages (plan/edits.py)."""
    staged = (DownloadEdit.STAGE_FILE, DownloadEdit.STAGE_RESPONSE, DownloadEdit.STAGE_GET_FILE)
    return [d for d in plan.edits.downloads if d.edit in staged]


def _switchable(plan: MigrationPlan) -> list[DownloadPlan]:
    return [d for d in plan.edits.downloads if d.edit is DownloadEdit.SWITCH_OFF]


def _staged_keras(plan: MigrationPlan) -> KerasDataset | None:
    """The keras.datasets load Preprocess stages (the runtime module has its reader then, with
    or without a `fit` to export after: a GradientTape loop loads the same way)."""
    dataset = plan.dataset
    if not isinstance(dataset, KerasDataset) or not dataset.channel_env:
        return None
    return dataset


class DatasetDownloadsTransform(PlanCodemod):
    NAME = "dataset_downloads"
    DESCRIPTION = "Read datasets from the channel instead of downloading them (download=False)."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        staged = _staged_keras(plan)
        downloads = [*_switchable(plan), *_fetches(plan)]
        return any(download.file == file for download in downloads) or (
            staged is not None and staged.file == file
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._pending = [d for d in _switchable(self.plan) if d.file == self.file]
        self._found: set[int] = set()
        staged = _staged_keras(self.plan)
        self._keras = staged if staged is not None and staged.file == self.file else None
        self._keras_done = False
        self._fetches = [d for d in _fetches(self.plan) if d.file == self.file]
        self._fetched: set[int] = set()

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = dotted(original_node.func) or ""
        keras = self._keras
        if (
            keras is not None
            and not self._keras_done
            and (name == f"{keras.name}.load_data" or name.endswith(f".{keras.name}.load_data"))
            and self.spans(original_node, keras.line)
        ):
            self._keras_done = True
            self.need_runtime()
            return cst.Call(
                func=cst.parse_expression(KERAS_DATASET),
                args=[
                    cst.Arg(cst.SimpleString(repr(keras.channel_env))),
                    cst.Arg(cst.SimpleString(repr(keras.channel_file))),
                    cst.Arg(cst.Lambda(params=cst.Parameters(), body=updated_node)),
                ],
            )
        for fetch in self._fetches:
            if (
                fetch.line not in self._fetched
                and name.rsplit(".", 1)[-1] == fetch.call.rsplit(".", 1)[-1]
                and self.spans(original_node, fetch.line)
            ):
                self._fetched.add(fetch.line)
                return self._staged(fetch, updated_node)
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

    def _staged(self, fetch: DownloadPlan, call: cst.Call) -> cst.BaseExpression:
        """`fetch(url, destination)` -> `staged_download(destination, lambda d: fetch(url, d),
        returns)`; left as it is (with a warning) when the destination is not given."""
        if fetch.edit is DownloadEdit.STAGE_GET_FILE:
            return self._staged_get_file(fetch, call)
        if fetch.edit is DownloadEdit.STAGE_RESPONSE:
            self.need_runtime()
            return cst.Call(
                func=cst.parse_expression(STAGED_RESPONSE),
                args=[
                    cst.Arg(cst.SimpleString(repr(fetch.dataset))),
                    cst.Arg(cst.Lambda(params=cst.Parameters(), body=call)),
                ],
            )
        position, keyword = fetch.destination_position, fetch.destination_keyword
        args = list(call.args)
        where = next(
            (i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == keyword),
            None,
        )
        if where is None and len(args) > position and all(
            a.keyword is None and not a.star for a in args[: position + 1]
        ):
            where = position
        if where is None:
            self.warn_at(fetch.line, f"{fetch.call}: no destination argument; the job downloads "
                                     "it (needs internet)")
            return call
        destination = args[where].value
        args[where] = args[where].with_changes(value=cst.Name(DESTINATION))
        self.need_runtime()
        return cst.Call(
            func=cst.parse_expression(STAGED_DOWNLOAD),
            args=[
                cst.Arg(destination),
                cst.Arg(
                    cst.Lambda(
                        params=cst.Parameters(params=[cst.Param(cst.Name(DESTINATION))]),
                        body=call.with_changes(args=args),
                    )
                ),
                cst.Arg(cst.SimpleString(repr(fetch.returns))),
            ],
        )

    def _staged_get_file(self, fetch: DownloadPlan, call: cst.Call) -> cst.BaseExpression:
        """`get_file(fname, origin, ...)` -> `staged_get_file(env, fname, get_file, fname,
        origin, ...)`: keras' own call, fed the channel's copy (templates/runtime/_parts)."""
        env = next(
            (c.env for c in self.plan.channels
             if c.file == fetch.file and not c.line and c.filename == fetch.dataset),
            None,
        )
        if env is None:
            self.warn_at(fetch.line, f"{fetch.call}: no channel for {fetch.dataset}; the job "
                                     "downloads it (needs internet)")
            return call
        self.need_runtime()
        return cst.Call(
            func=cst.parse_expression(STAGED_GET_FILE),
            args=[
                cst.Arg(cst.SimpleString(repr(env))),
                cst.Arg(cst.SimpleString(repr(fetch.dataset))),
                cst.Arg(call.func),
                *call.args,
            ],
        )

    def finish(self) -> None:
        for fetch in self._fetches:
            if fetch.line not in self._fetched:
                self.warn_at(fetch.line, f"download {fetch.call} not found; left unchanged")
        if self._keras is not None and not self._keras_done:
            self.warn_at(self._keras.line, f"{self._keras.source} not found; left unchanged")
        for download in self._pending:
            if download.line not in self._found:
                self.warn_at(download.line, f"dataset download {download.call} not found")
