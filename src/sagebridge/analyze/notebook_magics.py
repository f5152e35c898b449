"""IPython magics in a notebook exported as a script (`jupyter nbconvert --to script`, Kaggle's
"download code"): each `%magic` and `!command` cell line becomes a call on `get_ipython()`

    get_ipython().run_line_magic('matplotlib', 'inline')     -> method run_line_magic, matplotlib
    get_ipython().system('pip install lightgbm')             -> method system, the command
    get_ipython().run_cell_magic('time', '', 'model.fit()')  -> method run_cell_magic, time

`get_ipython` is a name only IPython defines: under `python`, as a training job runs the script,
the first such statement raises NameError. plan/notebook_magics.py decides what becomes of each.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, string_value
from sagebridge.model import NotebookMagic

SHELL = "get_ipython"


def find_notebook_magics(module: ParsedModule) -> tuple[NotebookMagic, ...]:
    """Every call on `get_ipython()` (and any other use of it), in line order."""
    found: list[NotebookMagic] = []
    owned: set[int] = set()  # the get_ipython() calls already read as a magic's shell
    for call in module.calls():
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Call)
            and _is_shell(func.value)
        ):
            owned.add(id(func.value))
            name = string_value(call.args[0]) if call.args else None
            found.append(NotebookMagic(module.path, call.lineno, func.attr, name or ""))
    for call in module.calls():
        if _is_shell(call) and id(call) not in owned:  # `ip = get_ipython()`: used some other way
            found.append(NotebookMagic(module.path, call.lineno, "", ""))
    if not found or SHELL in module.imports:
        return ()  # `from IPython import get_ipython`: the script handles the missing shell
    return tuple(sorted(found, key=lambda m: m.line))


def _is_shell(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id == SHELL and not call.args
