"""The script's own `train_test_split(...)` as Preprocess reproduces it, decided from the split
analysis found (analyze/data_split.py), so it can export the same held-out rows (plan/dataset.py).

    train_test_split(X, y, test_size=args.test_size, random_state=42)
    ->  Split(test_size=0.2, random_state=42, test_size_setting="test_size")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sagebridge.model.data_loads import SplitCall
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


def script_split(split: SplitCall | None, notes: list[str]) -> Split:
    """The split Preprocess reproduces, with notes on what it can't."""
    if split is None:
        notes.append(Unfaithful(
            "the script makes no train_test_split; the test set can't be reproduced",
            NoteStep.PREPROCESS,
        ))  # fmt: skip
        return Split()
    resolved: dict[str, Any] = {}
    settings: dict[str, str] = {}
    for argument in split.arguments:
        if argument.unresolved:
            notes.append(Unfaithful(
                f"{argument.name} of the split depends on {argument.unresolved}; "
                "not reproducible",
                NoteStep.PREPROCESS,
            ))  # fmt: skip
            continue
        resolved[argument.name] = argument.value
        if argument.setting is not None:
            # `test_size=args.test_size`: Preprocess is given the same pipeline parameter.
            settings[argument.name] = argument.setting
        elif argument.through_settings:
            notes.append(
                f"{argument.name} of the split depends on command-line settings "
                f"({', '.join(argument.through_settings)}) through an expression; preprocess.py "
                "reproduces it with their defaults, so change them in both places or the sets "
                "overlap"
            )
    return Split(
        source=split.source,
        test_size=resolved.get("test_size"),
        random_state=resolved.get("random_state"),
        test_size_setting=settings.get("test_size"),
        random_state_setting=settings.get("random_state"),
        stratify=split.stratify,
    )
