"""Runner overhead: `sagebridge run --local` wall time / the same step scripts run directly.

    .venv/bin/python bench/local_overhead.py [--train N] [--test N] [--epochs N] [--repeat N]

Migrates examples/ec2-mnist into a temporary folder, writes a real MNIST slice, then, `repeat`
times each and alternating:
  direct: preprocess.py, train.py (SM_CHANNEL_TRAINING/SM_MODEL_DIR set by hand), tar the
          model folder, evaluate.py, and the registration's repack (model + code/ re-tarred),
          all with this Python on the same files;
  runner: run_definition() on the definition built once, with the cache off (every step runs).
Prints the minimum and median of each and their ratios (goal <= 1.10; on a shared machine the
minimum is the steadier figure), and the one-off cost of building the definition (the SDK
import plus a moto S3 for its uploads), which each `sagebridge run` pays once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from helpers.mnist import write_mnist_slice

from sagebridge.local.definition import build_definition
from sagebridge.local.run.runner import RunOptions, RunStatus, local_store, run_definition


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)


def direct(out: Path, data: Path, work: Path, epochs: int) -> float:
    code = out / "code"
    train_dir, test_dir, model_dir, report_dir = (work / n for n in ("tr", "te", "m", "ev"))
    archive_dir = work / "archive"
    for folder in (train_dir, test_dir, model_dir, report_dir, archive_dir):
        folder.mkdir(parents=True)
    started = time.perf_counter()
    run([sys.executable, "preprocess.py", "--raw-dir", str(data), "--train-dir", str(train_dir),
         "--test-dir", str(test_dir)], code)  # fmt: skip
    # The same contract environment the runner's sandbox gives the script, folders in `work`:
    # without SM_CHECKPOINT_DIR the script would checkpoint into (and resume from) /opt/ml.
    env = dict(
        os.environ,
        SM_CHANNEL_TRAINING=str(train_dir),
        SM_MODEL_DIR=str(model_dir),
        SM_OUTPUT_DIR=str(work / "output"),
        SM_OUTPUT_DATA_DIR=str(work / "output" / "data"),
        SM_CHECKPOINT_DIR=str(work / "checkpoints"),
    )
    run([sys.executable, "train.py", "--epochs", str(epochs)], code, env)
    with tarfile.open(archive_dir / "model.tar.gz", "w:gz") as tar:
        for path in sorted(model_dir.iterdir()):
            tar.add(path, arcname=path.name)
    run([sys.executable, "evaluate.py", "--model-dir", str(archive_dir), "--test-dir",
         str(test_dir), "--output-dir", str(report_dir)], code)  # fmt: skip
    repacked = work / "repacked"
    with tarfile.open(archive_dir / "model.tar.gz") as tar:
        tar.extractall(repacked, filter="data")
    shutil.copytree(code, repacked / "code")
    with tarfile.open(work / "registered.tar.gz", "w:gz") as tar:
        for path in sorted(repacked.iterdir()):
            tar.add(path, arcname=path.name)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--test", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        out = root / "out"
        run([sys.executable, "-m", "sagebridge", "migrate", str(REPO / "examples/ec2-mnist"),
             "-o", str(out)], REPO)  # fmt: skip
        data = write_mnist_slice(root / "data", args.train, args.test)
        started = time.perf_counter()
        definition = build_definition(out, local_store(out))
        build_s = time.perf_counter() - started
        parameters = {"epochs": str(args.epochs), "QualityThreshold": "0"}

        direct_s, runner_s = [], []
        for index in range(args.repeat):
            direct_s.append(direct(out, data, root / f"direct{index}", args.epochs))
            options = RunOptions(
                out=out, parameters=parameters, data={"raw": str(data)}, use_cache=False
            )
            started = time.perf_counter()
            summary = run_definition(definition, options)
            runner_s.append(time.perf_counter() - started)
            if summary.status != RunStatus.SUCCEEDED:
                print(f"run failed: {summary.failure}", file=sys.stderr)
                return 1

    print(f"MNIST slice {args.train}/{args.test}, {args.epochs} epoch(s), {args.repeat} runs each")
    for label, times in (("direct scripts", direct_s), ("local runner  ", runner_s)):
        print(
            f"{label} : min {min(times):.2f}s  median {statistics.median(times):.2f}s  "
            f"{[round(t, 2) for t in times]}"
        )
    print(
        f"overhead ratio : min {min(runner_s) / min(direct_s):.3f}  "
        f"median {statistics.median(runner_s) / statistics.median(direct_s):.3f}  (goal <= 1.10)"
    )
    print(f"definition build (once per run command): {build_s:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
