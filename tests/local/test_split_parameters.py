"""The quality gate scores the script's own held-out rows, whatever split settings an execution
is given (issue 12, item 11).

sklearn-digits' `train_test_split(..., test_size=args.test_size, random_state=args.random_state)`
makes both settings pipeline parameters. Preprocess used to hard-code their defaults, so with
`-p random_state=7 -p test_size=0.3` Evaluate scored rows the training job had trained on (a
leaked, inflated gate metric). Here the user's own script runs with the same settings, and its
printed held-out accuracy must equal the metric the gate read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import cli_env, sagebridge
from helpers.paths import example

SETTINGS = {"n_estimators": "20", "n_jobs": "1", "test_size": "0.3", "random_state": "7"}

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """This Python on the user's own script."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=cwd,
        timeout=600,
        check=False,
    )


def test_the_gate_metric_is_the_scripts_own_held_out_score(
    tmp_path: Path, built: Callable[[str], Path]
) -> None:
    project = tmp_path / "sklearn-digits"
    shutil.copytree(example("sklearn-digits"), project)
    own = _run(
        "train.py",
        *[arg for name, value in SETTINGS.items() for arg in ("--" + name.replace("_", "-"), value)],
        cwd=project,
    )
    assert own.returncode == 0, own.stderr[-2000:]
    printed = re.search(r"Test accuracy: ([0-9.]+)", own.stdout)
    assert printed, own.stdout
    script_score = float(printed.group(1))  # four decimals, as the script prints it

    out = tmp_path / "out"
    shutil.copytree(built("sklearn-digits"), out)  # migrated, definition cached (conftest.py)
    parameters = [arg for name, value in SETTINGS.items() for arg in ("-p", f"{name}={value}")]
    done = sagebridge(
        "run", out, "--local", "--json", "-p", "QualityThreshold=0.3", *parameters
    )
    assert done.stdout, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert done.returncode == 0, summary

    gate = summary["metrics"]["test_accuracy"]
    assert gate == pytest.approx(script_score, abs=5e-5), (gate, script_score)
    # 0.3 of load_digits' 1,797 rows: the held-out set follows the execution's test_size.
    store = out / ".sagebridge" / "s3"
    (test_csv,) = sorted(store.glob(f"*/*/{summary['execution_id']}/test/test.csv"))
    assert len(test_csv.read_text().splitlines()) - 1 == 540
