"""A positional argument named like its default folder (pytorch/examples imagenet style:
`add_argument("data", nargs="?", default="data")` beside a `data/` folder) keeps its name: only
the default becomes the channel. The name was rewritten too, so argparse stored the value under
`/opt/ml/input/data/training` and `args.data` raised AttributeError in the job."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sagebridge.migrate import migrate_project

SCRIPT = """import argparse
import os

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("data", metavar="DIR", nargs="?", default="data")
parser.add_argument("--epochs", default=1, type=int)


def main():
    args = parser.parse_args()
    values = pd.read_csv(os.path.join(args.data, "numbers.csv"))["value"]
    print(f"test accuracy: {values.mean()}")


if __name__ == "__main__":
    main()
"""


def test_positional_named_like_its_folder_keeps_its_name(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "train.py").write_text(SCRIPT)
    (src / "data" / "numbers.csv").write_text("value\n0.25\n0.75\n")
    channel = tmp_path / "channel"
    channel.mkdir()
    (channel / "numbers.csv").write_text("value\n0.5\n1.0\n")
    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = (out / "code" / "train.py").read_text()
    assert 'parser.add_argument("data", ' in code
    env = {**os.environ, "SM_CHANNEL_TRAINING": str(channel), "SM_MODEL_DIR": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "train.py", "--epochs", "1"],
        cwd=out / "code",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "test accuracy: 0.75" in done.stdout  # read from the channel, not the copy's data/
