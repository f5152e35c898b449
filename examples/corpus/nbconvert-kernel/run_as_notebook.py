"""Run an exported notebook the way its notebook ran: with a stand-in for IPython's shell, whose
only magics here (`%matplotlib inline`, `%config InlineBackend...`) set up inline figures,
which a terminal has none of. (IPython itself is not a dependency of the corpus.)

    cd working && python ../run_as_notebook.py kernel.py
"""

import runpy
import sys


class Shell:
    def run_line_magic(self, name, line):
        if name not in ("matplotlib", "config"):
            raise RuntimeError(f"%{name}: not a display magic; run the notebook in IPython")


def get_ipython():
    return Shell()


if __name__ == "__main__":
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(script, init_globals={"get_ipython": get_ipython}, run_name="__main__")
