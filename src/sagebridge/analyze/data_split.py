"""The script's own `train_test_split(...)`, its arguments resolved, so Preprocess can export
the same held-out rows (analyze/data_loads.py; plan/dataset_split.py decides from it).

    train_test_split(X, y, test_size=args.test_size, random_state=42)
    ->  SplitCall(arguments=(SplitArgument("test_size", 0.2, setting="test_size"),
                             SplitArgument("random_state", 42)))
"""

from __future__ import annotations

import ast

from sagebridge.analyze.index import SourceIndex, Unresolved, keyword
from sagebridge.model.data_loads import SplitArgument, SplitCall

SPLIT_ARGUMENTS = ("test_size", "random_state")


def find_split(index: SourceIndex, file: str) -> SplitCall | None:
    """The first `train_test_split(...)` of `file`, or None. `index` knows the settings."""
    calls = index.find_calls(file, "train_test_split")
    if not calls:
        return None
    call = calls[0]
    arguments: list[SplitArgument] = []
    for name in SPLIT_ARGUMENTS:
        node = keyword(call, name)
        if node is None:
            continue
        index.hyperparameters_used.clear()
        try:
            value = index.resolve(file, node)
        except Unresolved as unresolved:
            arguments.append(SplitArgument(name, unresolved=str(unresolved)))
            continue
        used = tuple(sorted(index.hyperparameters_used))
        if len(used) == 1 and value is not None and index.hyperparameters[used[0]].default == value:
            arguments.append(SplitArgument(name, value, setting=used[0]))
        else:
            arguments.append(SplitArgument(name, value, through_settings=used))
    stratify = keyword(call, "stratify")
    return SplitCall(
        source=index.modules[file].segment(call),
        line=call.lineno,
        arguments=tuple(arguments),
        stratify=stratify is not None
        and not (isinstance(stratify, ast.Constant) and stratify.value is None),
    )
