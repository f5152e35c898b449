"""A Hub dataset's `load_dataset` reads the copy Preprocess saved (plan/huggingface_datasets.py).

    raw = load_dataset("glue", "mrpc")
    ->  raw = sagebridge_runtime.hub_dataset(
            "SM_CHANNEL_TRAINING", "glue--mrpc", lambda: load_dataset("glue", "mrpc"))
    test = load_dataset("imdb", split=args.split)
    ->  test = sagebridge_runtime.hub_dataset(
            "SM_CHANNEL_TRAINING", "imdb", lambda: load_dataset("imdb", split=args.split),
            split=args.split)

The call is kept whole inside the lambda: outside SageMaker it runs as written.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.transform.base import RUNTIME_MODULE, StagedDatasetCodemod, dotted

HUB_DATASET = f"{RUNTIME_MODULE}.hub_dataset"
LOADER_NAME = "load_dataset"


class HubDatasetsTransform(StagedDatasetCodemod):
    NAME = "hub_datasets"
    DESCRIPTION = "Read a Hub dataset from the copy Preprocess saved (load_from_disk) in SageMaker."
    KIND = "hub_dataset"

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        self._inside_wrap = 0  # > 0 within a sagebridge_runtime.hub_dataset(...) call

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) == HUB_DATASET:  # migrated before: its load_dataset stays as it is
            self._inside_wrap += 1

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        dataset = self._dataset
        name = dotted(original_node.func) or ""
        if name == HUB_DATASET:
            self._inside_wrap -= 1
            return updated_node
        if dataset is None or self._inside_wrap or name.rsplit(".", 1)[-1] != LOADER_NAME:
            return updated_node
        line = next(
            (
                n
                for n in dataset.staged_lines
                if n not in self._done and self.spans(original_node, n)
            ),
            None,
        )
        if line is None:
            return updated_node
        self._done.add(line)
        self.need_runtime()
        args = [
            cst.Arg(cst.SimpleString(repr(dataset.channel_env))),
            cst.Arg(cst.SimpleString(repr(dataset.channel_file))),
            cst.Arg(cst.Lambda(params=cst.Parameters(), body=updated_node)),
        ]
        split = next(
            (a for a in original_node.args if a.keyword and a.keyword.value == "split"), None
        )
        if split is not None:
            no_space = cst.SimpleWhitespace("")
            equal = cst.AssignEqual(whitespace_before=no_space, whitespace_after=no_space)
            args.append(cst.Arg(split.value, keyword=cst.Name("split"), equal=equal))
        return cst.Call(func=cst.parse_expression(HUB_DATASET), args=args)
