"""The user's own data-preparation scripts beside the entry point and their output flags
(plan/preprocess_step.py runs one as the Preprocess step when its output lands in a channel).

    prepare_data.py:  parser.add_argument("--out", default="data/series.csv")
    ->  OutputFlag(script="prepare_data.py", flag="--out", default="data/series.csv")

A companion script gives analysis no other facts (its settings are not the trainer's), so only
its output arguments are read, from the source analysis already accepted.
"""

from __future__ import annotations

import ast
import posixpath
import re

from sagebridge.analyze.index import SourceIndex, keyword
from sagebridge.model.data_loads import OutputFlag

# The user's own data-preparation scripts, by the names people give them.
PREPARE_SCRIPT = re.compile(
    r"^(prepare|generate|make|build|create|download|get)(_?(data|dataset|corpus|series))?\.py$"
)
OUTPUT_PARAMETERS = ("out", "output", "out_dir", "output_dir", "outdir", "dest", "out_path")


def find_output_flags(entry: str, index: SourceIndex) -> tuple[OutputFlag, ...]:
    """(script, flag, default path) of the output arguments of each preparation script that
    sits beside the entry point (it must be in code/ with it), scripts by path."""
    root = posixpath.dirname(entry)
    found: list[OutputFlag] = []
    for script in sorted(index.modules):
        name = posixpath.basename(script)
        if script == entry or not PREPARE_SCRIPT.match(name):
            continue
        if posixpath.dirname(script) != root:
            continue
        found.extend(
            OutputFlag(name, flag, default) for flag, default in _output_flags(index, script)
        )
    return tuple(found)


def _output_flags(index: SourceIndex, script: str) -> list[tuple[str, str]]:
    """(flag, default path) of the script's output arguments (`--out data/series.csv`)."""
    found: list[tuple[str, str]] = []
    for call in index.find_calls(script, "add_argument"):
        flags = [
            a.value for a in call.args
            if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.startswith("--")
        ]
        default = keyword(call, "default")
        if not flags or not isinstance(default, ast.Constant) or not isinstance(default.value, str):
            continue
        if flags[0].lstrip("-").replace("-", "_").lower() in OUTPUT_PARAMETERS and default.value:
            found.append((flags[0], default.value))
    return found
