"""A step that prints a lot: its output streams to the log file and the runner keeps only a
bounded tail (a step printing 200 MB once cost the runner 643 MB of memory)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from sagebridge.local.run.steps.process import TAIL_CHARS, TAIL_LINES, LogTail

TESTS_DIR = Path(__file__).resolve().parents[1]
SRC_DIR = TESTS_DIR.parent / "src"
NOISE_MB = 50

# Runs in a fresh interpreter so that its peak RSS measures this run alone.
RUNNER = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from tiny_pipeline import TRAIN, definition, upload_code, write_numbers
    from sagebridge.local.run.runner import RunOptions, local_store, run_definition

    root = Path(sys.argv[1])
    out = root / "out"
    out.mkdir()
    # train_mean is printed first, then NOISE_MB of lines: the metric is long out of the tail.
    noisy = TRAIN.replace('print(f"train_mean={weight};")',
        'print(f"train_mean={weight};")\\n'
        'for i in range(NOISE_LINES):\\n    print("x" * 99)\\n'
        'print("y" * 3_000_000)\\n')  # and one 3 MB line
    upload_code(local_store(out), train_script=noisy)
    write_numbers(root / "data", [1, 2, 3, 4, 5, 6])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary = run_definition(definition(), RunOptions(
        out=out, parameters={"Threshold": "13"}, data={"raw": str(root / "data")}))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    log = next(r.log for r in summary.steps if r.name == "Train")
    print(json.dumps({"status": str(summary.status), "metrics": summary.metrics,
                      "growth_kb": after - before, "log": log}))
    """
).replace("NOISE_LINES", str(NOISE_MB * 10_000))


def test_a_step_printing_50_mb_keeps_the_runner_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path), str(TESTS_DIR / "local")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC_DIR), "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["status"] == "succeeded"
    assert result["metrics"]["train_mean"] == 2.5  # found though far out of the tail
    log = Path(result["log"])
    assert log.stat().st_size > NOISE_MB * 1_000_000  # the log file has all of it
    # The old runner held the whole output twice (the lines and their join): > 100 MB.
    assert result["growth_kb"] < 20_000, result


def test_log_tail_is_bounded_in_lines_and_size() -> None:
    tail = LogTail()
    for index in range(10 * TAIL_LINES):
        tail.add(f"line {index}\n")
    assert len(tail.lines) == TAIL_LINES and tail.text().endswith(f"line {10 * TAIL_LINES - 1}\n")
    for _ in range(100):
        tail.add("z" * 10_000 + "\n")
    assert len(tail.text()) <= TAIL_CHARS
    tail.add("w" * (2 * TAIL_CHARS))  # a single over-long piece is kept: it is the latest
    assert tail.text() == "w" * (2 * TAIL_CHARS)
