"""The script's own `train_test_split(...)`, its arguments resolved, so Preprocess can export
the same held-out rows (plan/dataset.py).

    train_test_split(X, y, test_size=args.test_size, random_state=42)
    ->  Split(test_size=0.2, random_state=42, test_size_setting="test_size")
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from sagebridge.analyze.index import SourceIndex, Unresolved, keyword
from sagebridge.plan.fidelity import NoteStep, Unfaithful


@dataclass(frozen=True)
class Split:
    """The script's own `train_test_split(...)` call and the values it runs with."""

    source: str = ""
    test_size: float | None = None
    random_state: int | None = None
    # The script's settings (hyperparameter names) these come from, passed on to Preprocess.
    test_size_setting: str | None = None
    random_state_setting: str | None = None
    stratify: bool = False


def script_split(index: SourceIndex, file: str, notes: list[str]) -> Split:
    """The script's `train_test_split(...)`, its arguments resolved to their default values."""
    calls = index.find_calls(file, "train_test_split")
    if not calls:
        notes.append(Unfaithful(
            "the script makes no train_test_split; the test set can't be reproduced",
            NoteStep.PREPROCESS,
        ))  # fmt: skip
        return Split()
    call = calls[0]
    resolved: dict[str, Any] = {}
    settings: dict[str, str] = {}
    for argument in ("test_size", "random_state"):
        node = keyword(call, argument)
        if node is None:
            continue
        index.hyperparameters_used.clear()
        try:
            resolved[argument] = index.resolve(file, node)
        except Unresolved as unresolved:
            notes.append(Unfaithful(
                f"{argument} of the split depends on {unresolved}; not reproducible",
                NoteStep.PREPROCESS,
            ))  # fmt: skip
            continue
        used = sorted(index.hyperparameters_used)
        if (
            len(used) == 1
            and resolved[argument] is not None
            and index.hyperparameters[used[0]].default == resolved[argument]
        ):
            # `test_size=args.test_size`: Preprocess is given the same pipeline parameter.
            settings[argument] = used[0]
        elif used:
            notes.append(
                f"{argument} of the split depends on command-line settings ({', '.join(used)}) "
                "through an expression; preprocess.py reproduces it with their defaults, so "
                "change them in both places or the sets overlap"
            )
    stratify = keyword(call, "stratify")
    return Split(
        source=index.modules[file].segment(call),
        test_size=resolved.get("test_size"),
        random_state=resolved.get("random_state"),
        test_size_setting=settings.get("test_size"),
        random_state_setting=settings.get("random_state"),
        stratify=stratify is not None
        and not (isinstance(stratify, ast.Constant) and stratify.value is None),
    )
