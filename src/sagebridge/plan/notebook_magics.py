"""What becomes of each IPython magic of a notebook exported as a script
(analyze/notebook_magics.py): the training job runs the script with `python`, where
`get_ipython` does not exist.

    get_ipython().run_line_magic('matplotlib', 'inline')  -> MagicPlan: the statement becomes
        `pass` (it sets up notebook output; a job draws into files or nowhere)
    get_ipython().system('pip install lightgbm')          -> refused: FILE:LINE, what to write

Only magics that configure the notebook's display or module reloading are display-only; any
other (a shell command, `%time`, `%%writefile`, `%run`) does work the script relies on, which
a `pass` would silently drop: migrate refuses with the line to rewrite in plain Python.
"""

from __future__ import annotations

from sagebridge.errors import UserError
from sagebridge.model import Analysis, MagicPlan, NotebookMagic

LINE_MAGIC = "run_line_magic"
OLD_STYLE_MAGIC = "magic"  # `get_ipython().magic('matplotlib inline')` (IPython < 8)
DISPLAY_ONLY = frozenset({"matplotlib", "config", "autoreload", "aimport", "load_ext"})


def plan_magics(analysis: Analysis) -> tuple[MagicPlan, ...]:
    return tuple(_plan(magic) for magic in analysis.notebook_magics)


def _plan(magic: NotebookMagic) -> MagicPlan:
    name = magic.magic.split()[0] if magic.magic.split() else ""
    if magic.method in (LINE_MAGIC, OLD_STYLE_MAGIC) and name.lstrip("%") in DISPLAY_ONLY:
        return MagicPlan(magic.file, magic.line, name.lstrip("%"))
    shown = f"get_ipython().{magic.method}({magic.magic!r})" if magic.method else "get_ipython()"
    raise UserError(
        f"{magic.file}:{magic.line}: {shown} needs IPython (a notebook exported as a script); "
        "the training job runs it with python, where get_ipython is undefined: write that line "
        "in plain Python (e.g. subprocess.run([...]) for a `!command`) and migrate again"
    )
