"""Run an exported notebook the way its notebook ran: with a stand-in for IPython's shell, whose
only magics here (`%matplotlib inline`, `%config InlineBackend...`) set up inline figures,
which a terminal has none of. (IPython itself is not a dependency of the corpus.)

    python run_as_notebook.py working/kernel.py   (run from the kernel's folder, as Kaggle does)
"""

import os
import runpy
import sys


class Shell:
    def run_line_magic(self, name, line):
        if name not in ("matplotlib", "config"):
            raise RuntimeError(f"%{name}: not a display magic; run the notebook in IPython")


def get_ipython():
    return Shell()


if __name__ == "__main__":
    folder, script = os.path.split(os.path.abspath(sys.argv[1]))
    os.chdir(folder)
    sys.argv = [script, *sys.argv[2:]]
    runpy.run_path(script, init_globals={"get_ipython": get_ipython}, run_name="__main__")
