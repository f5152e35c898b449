"""Where sagebridge keeps its own state for a generated project (local runs, store, registry).

By default inside OUT, as `OUT/.sagebridge/`; `$SAGEBRIDGE_HOME` relocates it. `migrate --force`
keeps this folder when it regenerates OUT, so re-migrating does not lose registered models.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_DIR = ".sagebridge"
HOME_ENV = "SAGEBRIDGE_HOME"
LAST_RUN_FILE = "last-run.json"  # the newest `run --local` summary; `cost` reads its durations


def state_dir(out: Path) -> Path:
    """Where local state for OUT lives: $SAGEBRIDGE_HOME if set, else OUT/.sagebridge."""
    home = os.environ.get(HOME_ENV)
    return Path(home) if home else Path(out) / STATE_DIR
