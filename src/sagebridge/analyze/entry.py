"""Which file is the training script.

`--entry-point` wins when given (and must be one of the project's Python files). Otherwise:
the only Python file; else the only file with an `if __name__ == "__main__":` guard (unless it
does not train and exactly one other file does: a guarded helper beside a plain script); else, among
the guarded files (or all files when none is guarded), the only one that trains (an epoch loop,
a `.fit(`/`.backward(` call, `xgboost.train`/`lightgbm.train`, or a model save). Anything else
is ambiguous, and the user is asked to choose.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from sagebridge.analyze.files import shown
from sagebridge.analyze.loops import find_training_loops
from sagebridge.analyze.source import ParsedModule, is_main_guard
from sagebridge.errors import UserError

TRAINING_METHODS = frozenset({"fit", "fit_generator", "backward", "train_model"})
TRAINING_CALLS = frozenset({"xgboost.train", "lightgbm.train", "torch.save", "joblib.dump"})


def choose_entry_point(
    src_shown: str, modules: Mapping[str, ParsedModule], requested: str | None
) -> str:
    if requested is not None:
        return _requested(src_shown, modules, requested)
    paths = sorted(modules)
    if len(paths) == 1:
        return paths[0]
    guarded = [p for p in paths if any(is_main_guard(s) for s in modules[p].tree.body)]
    if len(guarded) == 1 and trains(modules[guarded[0]]):
        return guarded[0]
    if len(guarded) == 1:  # a guarded helper (make_data.py) beside an unguarded trainer
        training = [p for p in paths if trains(modules[p])]
        return training[0] if len(training) == 1 else guarded[0]
    pool = guarded or paths
    training = [p for p in pool if trains(modules[p])]
    if len(training) == 1:
        return training[0]
    candidates = training or pool
    raise UserError(
        f"{src_shown}: more than one candidate entry point ({_listed(candidates)}); "
        "choose one with --entry-point FILE"
    )


def _requested(src_shown: str, modules: Mapping[str, ParsedModule], requested: str) -> str:
    relative = PurePosixPath(requested.replace("\\", "/"))
    normalised = relative.as_posix().removeprefix("./")
    if normalised in modules:
        return normalised
    raise UserError(
        f"{shown(src_shown)}/{shown(requested)}: no such Python file in the project; "
        f"pass --entry-point as a path relative to SRC, one of: {_listed(sorted(modules))}"
    )


def _listed(paths: Sequence[str], limit: int = 5) -> str:
    shown_paths = ", ".join(shown(p) for p in paths[:limit])
    return shown_paths + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def trains(module: ParsedModule) -> bool:
    if find_training_loops(module):
        return True
    for call in module.calls():
        if isinstance(call.func, ast.Attribute) and call.func.attr in TRAINING_METHODS:
            return True
        if module.qualified(call.func) in TRAINING_CALLS:
            return True
    return False
