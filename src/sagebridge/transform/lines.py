"""Where the user's original lines are after each transform.

Analysis and plan speak in the original file's line numbers. Transforms run one after another,
and each may add lines, so before a transform runs its decisions' lines are mapped through the
line diff of every earlier step (`difflib`, unchanged lines map exactly; a rewritten statement
maps to where its replacement starts).
"""

from __future__ import annotations

import difflib


class LineMap:
    def __init__(self, code: str) -> None:
        self._lines = code.splitlines()
        self._current: dict[int, int | None] = {n: n for n in range(1, len(self._lines) + 1)}

    def current(self, original_line: int) -> int | None:
        """The line now holding what was at `original_line`, None if it was removed."""
        return self._current.get(original_line)

    def advance(self, new_code: str) -> None:
        """Record one transform's change from the previous code to `new_code`."""
        new_lines = new_code.splitlines()
        step: dict[int, int] = {}
        matcher = difflib.SequenceMatcher(None, self._lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                step.update({i + 1: j1 + (i - i1) + 1 for i in range(i1, i2)})
            elif tag == "replace":
                step.update({i + 1: j1 + min(i - i1, j2 - j1 - 1) + 1 for i in range(i1, i2)})
        self._current = {
            original: (step.get(now) if now is not None else None)
            for original, now in self._current.items()
        }
        self._lines = new_lines
