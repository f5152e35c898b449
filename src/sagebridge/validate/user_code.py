"""The user's own code in OUT/code: which Python files came from their project (analysis.json's
source files; code/ keeps the project's layout) and which of their lines the migration added
(the `+` lines of docs/train.diff).

A lint finding on a line the user wrote and the migration left as it was (an unused import in
the original script, as in pytorch/examples' mnist_hogwild) is theirs: reported, but it doesn't
fail the check; one on a line the migration added, or in a file sagebridge generated, does.

    +++ b/main.py
    @@ -8,6 +8,8 @@          -> lines 8.. of code/main.py: ' ' kept, '+' added, '-' not there
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Files migrate writes into OUT (sagebridge.migrate's ANALYSIS_FILE and DIFF_FILE).
ANALYSIS_FILE = "analysis.json"
DIFF_FILE = "docs/train.diff"
CODE_DIR = "code"
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def migrated_lines(root: Path) -> dict[str, set[int]]:
    """OUT-relative path of each of the user's Python files in code/ -> the line numbers the
    migration added to it (empty for a file copied as it was). Nothing when OUT has no
    readable analysis.json (then every file is judged as generated)."""
    try:
        analysis = json.loads((root / ANALYSIS_FILE).read_text(encoding="utf-8"))
        files = analysis["source"]["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    added: dict[str, set[int]] = {
        f"{CODE_DIR}/{name}": set()
        for name in files
        if isinstance(name, str) and name.endswith(".py")
    }
    try:
        diff = (root / DIFF_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        diff = []
    current: set[int] | None = None
    line = 0
    for text in diff:
        if text.startswith("+++ b/"):
            current = added.get(f"{CODE_DIR}/{text[6:].split(chr(9))[0]}")
        elif text.startswith("--- a/"):
            current = None
        elif (hunk := HUNK.match(text)) is not None:
            line = int(hunk.group(1))
        elif current is not None and text.startswith("+"):
            current.add(line)
            line += 1
        elif text.startswith(" ") or text == "":
            line += 1
    return added
