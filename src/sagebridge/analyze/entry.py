"""Which file is the training script, and which files are only its companions.

`--entry-point` wins when given (and must be one of the project's Python files). Otherwise the
only Python file; else, among the files that train themselves or through the modules they use
(an epoch loop, a `.fit(`/`.backward(` call, `xgboost.train`/`lightgbm.train`, or a model save;
all files when none does; a wrapper that only runs a trainer by name, `runpy.run_path("train.py")`,
does not train itself), the one left after dropping, while more than one remains: helper scripts by name (prepare*, make_*, generate*,
download*, predict*, sample*, evaluate*, export*, convert*, setup...), files another candidate
imports (library code), files that run nothing (no `if __name__ == "__main__":` guard and no
top-level call), and files not named like a trainer (train*, main, run*, fit*). Anything else is
ambiguous, and the user is asked to choose.

Companions are the project's other scripts: every Python file the entry point neither imports
(directly or through the modules it imports) nor executes by name (`exec(open("cfg.py")...)`).
They travel into code/ untouched and are not analysed as training code.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import PurePosixPath

from sagebridge.analyze.files import shown
from sagebridge.analyze.loops import find_training_loops
from sagebridge.analyze.source import ParsedModule, is_main_guard
from sagebridge.errors import UserError

TRAINING_METHODS = frozenset({"fit", "fit_generator", "backward", "train_model"})
TRAINING_CALLS = frozenset({"xgboost.train", "lightgbm.train", "torch.save", "joblib.dump"})
HELPER_NAME = re.compile(
    r"^(prepare|prep_|make_|generate|gen_|download|fetch|predict|infer|sample|evaluate|eval_|"
    r"export|convert|setup|plot|visuali[sz]e|preprocess|score|serve|test_|conftest)",
    re.IGNORECASE,
)
TRAINER_NAME = re.compile(r"^(train|main|run|fit)", re.IGNORECASE)


def choose_entry_point(
    src_shown: str, modules: Mapping[str, ParsedModule], requested: str | None
) -> str:
    if requested is not None:
        return _requested(src_shown, modules, requested)
    paths = sorted(modules)
    if len(paths) == 1:
        return paths[0]
    # What a file trains through the modules it imports, not through a script it runs by name
    # (`runpy.run_path("train.py")` in a wrapper: the wrapper is not the trainer, train.py is).
    training = [
        p for p in paths if any(trains(modules[m]) for m in _used(p, modules, by_name=False))
    ]
    pool = training or paths
    imported = {target for p in pool for target in local_imports(p, modules, p, by_name=False)}
    preferences: tuple[Callable[[str], bool], ...] = (
        lambda p: not HELPER_NAME.match(_stem(p)),
        lambda p: p not in imported,
        lambda p: runs_something(modules[p]),
        lambda p: bool(TRAINER_NAME.match(_stem(p))),
    )
    for prefer in preferences:
        kept = [p for p in pool if prefer(p)]
        if kept:
            pool = kept
        if len(pool) == 1:
            return pool[0]
    raise UserError(
        f"{src_shown}: more than one candidate entry point ({_listed(pool)}); "
        "choose one with --entry-point FILE"
    )


def companion_scripts(entry: str, modules: Mapping[str, ParsedModule]) -> tuple[str, ...]:
    """The project's Python files the entry point does not use, sorted."""
    used = _used(entry, modules)
    return tuple(p for p in sorted(modules) if p not in used)


def _used(entry: str, modules: Mapping[str, ParsedModule], by_name: bool = True) -> set[str]:
    """`entry` and every project file it imports or executes (unless not `by_name`), directly
    or not."""
    used = {entry}
    pending = [entry]
    while pending:
        path = pending.pop()
        for target in local_imports(path, modules, entry, by_name):
            if target not in used:
                used.add(target)
                pending.append(target)
    return used


def local_imports(
    path: str, modules: Mapping[str, ParsedModule], entry: str, by_name: bool = True
) -> set[str]:
    """The project files `path` imports or (when `by_name`) executes by name, run as part of
    `entry`: absolute imports resolve from the entry script's folder (Python's sys.path[0]) or
    the project root, relative ones from the file's package."""
    bases = dict.fromkeys((posixpath.dirname(entry), ""))
    found: set[str] = set()
    for node in modules[path].nodes:
        for base, name in _imported_names(path, node, tuple(bases)):
            found.update(c for c in _candidates(base, name) if c in modules)
        if by_name and isinstance(node, ast.Constant) and str(node.value).endswith(".py"):
            relative = str(node.value).removeprefix("./")
            joined = (posixpath.normpath(posixpath.join(b, relative)) for b in bases)
            found.update(c for c in joined if c in modules)
    found.discard(path)
    return found


def runs_something(module: ParsedModule) -> bool:
    """A `__main__` guard, or a top-level statement that calls something (a script, not a
    library of definitions)."""
    for statement in module.tree.body:
        if is_main_guard(statement):
            return True
        if isinstance(statement, (ast.Import, ast.ImportFrom, ast.FunctionDef,
                                  ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        calls = any(isinstance(node, ast.Call) for node in ast.walk(statement))
        if calls and not _is_plain_definition(statement):
            return True
    return False


def trains(module: ParsedModule) -> bool:
    if find_training_loops(module):
        return True
    for call in module.calls():
        if isinstance(call.func, ast.Attribute) and call.func.attr in TRAINING_METHODS:
            return True
        if module.qualified(call.func) in TRAINING_CALLS:
            return True
    return False


def _is_plain_definition(statement: ast.stmt) -> bool:
    """`X = frozenset({...})`, `logger = logging.getLogger(...)`: a constant, not a run."""
    if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
        return False
    value = statement.value
    return isinstance(value, ast.Call) and not any(
        isinstance(node, ast.Call) for arg in (*value.args, *(k.value for k in value.keywords))
        for node in ast.walk(arg)
    )


def _imported_names(path: str, node: ast.AST, bases: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield from ((base, alias.name) for base in bases)
    elif isinstance(node, ast.ImportFrom):
        names = [node.module or ""] if node.module else []
        names += [f"{node.module}.{a.name}" if node.module else a.name for a in node.names]
        if node.level:
            package = posixpath.dirname(path)
            for _ in range(node.level - 1):
                package = posixpath.dirname(package)
            yield from ((package, name) for name in names if name)
        else:
            yield from ((base, name) for base in bases for name in names)


def _candidates(base: str, dotted: str) -> Iterator[str]:
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        stem = posixpath.join(base, *parts[:end])
        yield f"{stem}.py"
        yield f"{stem}/__init__.py"


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


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
