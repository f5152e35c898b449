"""The facts of the user's own code: those found in `sagebridge_runtime.py` (our module, from an
earlier migration) left out. The plan decides from this view, and the training facts
(analyze/training.py) are found from it."""

from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Any

from sagebridge.contract import RUNTIME_MODULE
from sagebridge.model import Analysis

FACT_FIELDS = (
    "hyperparameters",
    "hard_coded_paths",
    "dataset_downloads",
    "model_saves",
    "metrics",
    "training_loops",
    "argument_parsers",
    "s3_accesses",
    "cuda_uses",
    "weight_downloads",
)


def users_own(analysis: Analysis) -> Analysis:
    """`analysis` without the facts found in `sagebridge_runtime.py`."""

    def keep(facts: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(f for f in facts if posixpath.basename(f.file) != f"{RUNTIME_MODULE}.py")

    kept: dict[str, Any] = {name: keep(getattr(analysis, name)) for name in FACT_FIELDS}
    return replace(analysis, **kept)
