"""A staged scikit-learn fetcher reads the cache Preprocess filled in the channel.

    X, y = fetch_california_housing(return_X_y=True)
    ->  X, y = fetch_california_housing(
            return_X_y=True, data_home=sagebridge_runtime.sklearn_data_home("SM_CHANNEL_TRAINING"))
    fetch_openml("titanic", data_home=HOME)
    ->  fetch_openml("titanic", data_home=sagebridge_runtime.sklearn_data_home(
            "SM_CHANNEL_TRAINING", HOME))

`sklearn_data_home` is the channel folder in SageMaker and the script's own `data_home`
elsewhere (None: scikit-learn's default), so a laptop run is unchanged (plan/sklearn_fetchers.py).
"""

from __future__ import annotations

import libcst as cst

from sagebridge.transform.base import RUNTIME_MODULE, StagedDatasetCodemod, dotted

DATA_HOME = f"{RUNTIME_MODULE}.sklearn_data_home"
KEYWORD = "data_home"


class SklearnFetchersTransform(StagedDatasetCodemod):
    NAME = "sklearn_fetchers"
    DESCRIPTION = "Read scikit-learn fetch_* datasets from the cache Preprocess staged."
    KIND = "sklearn_fetch"


    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        dataset = self._dataset
        name = dotted(original_node.func) or ""
        if dataset is None or not name.rsplit(".", 1)[-1].startswith("fetch_"):
            return updated_node
        line = next(
            (n for n in dataset.staged_lines
             if n not in self._done and self.spans(original_node, n)),
            None,
        )  # fmt: skip
        if line is None:
            return updated_node
        self._done.add(line)
        args = list(updated_node.args)
        where = next(
            (i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == KEYWORD),
            None,
        )
        helper_args = [cst.Arg(cst.SimpleString(repr(dataset.channel_env)))]
        if where is not None:
            given = args[where].value
            if isinstance(given, cst.Call) and dotted(given.func) == DATA_HOME:
                return updated_node  # migrated before
            helper_args.append(cst.Arg(args[where].value))
        self.need_runtime()
        helper = cst.Call(func=cst.parse_expression(DATA_HOME), args=helper_args)
        no_space = cst.SimpleWhitespace("")
        equal = cst.AssignEqual(whitespace_before=no_space, whitespace_after=no_space)
        if where is not None:
            args[where] = args[where].with_changes(value=helper)
        else:
            if args:
                args[-1] = args[-1].with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
            args.append(cst.Arg(helper, keyword=cst.Name(KEYWORD), equal=equal))
        return updated_node.with_changes(args=args)

    def finish(self) -> None:
        if self._dataset is None:
            return
        for line in self._dataset.staged_lines:
            if line not in self._done:
                self.warn_at(line, "scikit-learn fetcher not found; the job downloads it")
