"""The cyclic garbage collector while a command loads what it needs.

Importing what `migrate` uses makes objects that live as long as the process (~60,000 the
collector tracks: LibCST's ~250 node classes, SageBridge's records, compiled regexes) and next
to no garbage, yet the collector walks them again and again as they are made: ~140 collections,
one of them full, ~0.05 s CPU of a 0.6 s `migrate`. `loading()` turns the collector off for
those imports; in the CLI's own process (`main`), what the imports made is then frozen out of
later collections (`gc.freeze`: it is never garbage), so that the command's work is collected
as usual but without walking the imported modules again. In a process that has not run `main`
(a test importing the commands), nothing is frozen and the collector is left as it was; a test
that runs `main` in its own process gets what the CLI's process gets.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_cli_process = False


def in_cli_process() -> None:
    """Called by `main`: this process is the command line's own, exiting when the command ends."""
    global _cli_process
    _cli_process = True


@contextmanager
def loading() -> Iterator[None]:
    """No cyclic collection during the block (imports); then, in the CLI's process, everything
    alive so far is left out of later collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _cli_process:
            gc.freeze()
        if enabled:
            gc.enable()
