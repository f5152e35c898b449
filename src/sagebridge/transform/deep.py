"""Run a function on a thread with a large stack and a higher recursion limit.

LibCST walks trees recursively: a module of a few thousand statements, a 500-term `+` chain or
~140 nested brackets exceed Python's default limit of 1,000 frames, though `ast` (and so
`analyze`) accepts them. The retry is bounded: DEEP_RECURSION_LIMIT frames on a thread whose
stack (DEEP_STACK_BYTES, reserved, not committed) is large enough for them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEEP_RECURSION_LIMIT = 40_000
DEEP_STACK_BYTES = 512 * 1024 * 1024


def run_with_deep_stack(call: Callable[[], T]) -> T:
    """`call()` on a deep-stack thread; its exception, if any, is raised here. A Ctrl-C while
    waiting raises KeyboardInterrupt here at once (the daemon thread is abandoned)."""
    outcome: dict[str, T] = {}
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread, re-raised there
            failure.append(error)

    previous_stack = threading.stack_size(DEEP_STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, DEEP_RECURSION_LIMIT))
    try:
        worker = threading.Thread(target=run, name="deep-stack", daemon=True)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome["value"]
