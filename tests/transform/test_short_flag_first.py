"""A `store_true` option spelled with its short flag first (pytorch/examples imagenet:
`add_argument("-e", "--evaluate", dest="evaluate", action="store_true")`) accepts SageMaker's
`--evaluate False`. It was left as `store_true`: "False" then landed in the positional data
argument and the job failed on `False/train`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sagebridge.migrate import migrate_project

SCRIPT = """import argparse
import json

import numpy as np
from sklearn.linear_model import LogisticRegression

parser = argparse.ArgumentParser()
parser.add_argument("data", nargs="?", default="numbers")
parser.add_argument("-e", "--evaluate", dest="evaluate", action="store_true")
parser.add_argument("-C", "--strength", default=1.0, type=float)


def main():
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    x = rng.rand(40, 3)
    y = (x[:, 0] > 0.5).astype(int)
    model = LogisticRegression(C=args.strength).fit(x[:30], y[:30])
    print(json.dumps({"data": args.data, "evaluate": args.evaluate}))
    print(f"test accuracy: {model.score(x[30:], y[30:])}")


if __name__ == "__main__":
    main()
"""


def test_short_flag_first_store_true_reads_false(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "train.py", "--evaluate", "False", "--strength", "0.5"],
        cwd=out / "code",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    parsed = json.loads(done.stdout.splitlines()[0])
    assert parsed["evaluate"] is False
    assert parsed["data"] == "numbers"
