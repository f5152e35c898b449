"""`sagebridge migrate` and `sagebridge analyze` wall time and peak memory, side by side.

    .venv/bin/python bench/migrate_speed.py [--repeat N] [--sizes 10,100,1000] [--big-repeat N]

Each run is a fresh process (`python -m sagebridge migrate SRC -o TMP` / `... analyze SRC`), so
start-up and imports count, as they do for a user (from bytecode, as an installed package runs:
PYTHONDONTWRITEBYTECODE is dropped and the bytecode kept in a temporary folder, written by one
untimed warm-up run of each command). Projects: examples/ec2-mnist, and synthetic projects of
10/100/1,000 Python files: examples/ec2-mnist's train.py as the entry point plus library modules
`lib/mod_NNN.py` of realistic content (a model class, a dataset helper, a few functions, imports
of the previous modules). Prints per project the median and minimum wall time, the CPU time
(user+sys) and peak RSS of the child (`resource.getrusage(RUSAGE_CHILDREN)`, measured per
command in a fresh wrapper process), and the ratio migrate/analyze; then whether growth is
linear: time per file at 100 vs 1,000 files. Goals (issue 10): ec2-mnist migrate <= 0.5 s
median on a quiet machine; 1,000 files <= 10 s; linear.

`--baseline DIR` times another version side by side in the same run (DIR holds its `src/`, e.g.
`git worktree add /tmp/before HEAD~3`): each run alternates the two versions, and a row
`... (baseline)` follows each project. The load average is printed before and after: on a busy
machine the wall time is several times the CPU time, and the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ec2-mnist"

MODULE = '''"""Library module {index}: layers, a dataset helper and small utilities."""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
{imports}

DEFAULT_WIDTH = {width}


class Block{index}(nn.Module):
    """A residual block of width {width}."""

    def __init__(self, width=DEFAULT_WIDTH, dropout=0.1):
        super().__init__()
        self.linear = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        y = self.dropout(F.relu(self.linear(self.norm(x))))
        return x + y


class Records{index}:
    def __init__(self, root, limit=None):
        self.root = root
        self.limit = limit
        self.items = sorted(os.listdir(root)) if os.path.isdir(root) else []

    def __len__(self):
        return len(self.items) if self.limit is None else min(self.limit, len(self.items))

    def path(self, i):
        return os.path.join(self.root, self.items[i])


def schedule_{index}(step, warmup=100, total=1000):
    if step < warmup:
        return step / max(1, warmup)
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * progress))


def build_{index}(width=DEFAULT_WIDTH):
    layers = [Block{index}(width) for _ in range(2)]
{uses}    return nn.Sequential(*layers)


def summarise_{index}(values):
    total = sum(values)
    mean = total / len(values) if values else 0.0
    spread = max(values) - min(values) if values else 0.0
    return {{"total": total, "mean": mean, "spread": spread, "count": len(values)}}
'''


def make_project(root: Path, files: int) -> Path:
    """`files` Python files: train.py (the ec2-mnist script) + `files - 1` library modules."""
    shutil.copy(EXAMPLE / "train.py", root / "train.py")
    shutil.copy(EXAMPLE / "requirements.txt", root / "requirements.txt")
    lib = root / "lib"
    lib.mkdir()
    (lib / "__init__.py").write_text("")
    for index in range(1, files - 1):  # __init__.py is one of the files
        earlier = [i for i in (index - 1, index // 2) if i >= 1]
        imports = "".join(
            f"from lib.mod_{i:04d} import Block{i}, schedule_{i}\n" for i in sorted(set(earlier))
        )
        uses = "".join(f"    layers.append(Block{i}(width))\n" for i in sorted(set(earlier)))
        text = MODULE.format(index=index, width=32 + index % 7 * 16, imports=imports, uses=uses)
        (lib / f"mod_{index:04d}.py").write_text(text)
    return root


def measure(command: list[str], root: Path = REPO) -> tuple[float, int, float]:
    """(wall s, peak RSS MiB, CPU s user+sys) of one fresh `python -m sagebridge ...` process."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "started = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "wall = time.perf_counter() - started\n"
        "if done.returncode:\n"
        "    sys.exit(done.stderr.decode()[-2000:])\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime]))\n"
    )
    cache = os.path.join(PYCACHE, hashlib.sha256(str(root).encode()).hexdigest()[:8])
    env = dict(os.environ, PYTHONPATH=str(root / "src"), PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package runs from its bytecode
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    wall, peak_kib, cpu = json.loads(done.stdout)
    return wall, peak_kib // 1024, cpu


# Bytecode of sagebridge's modules, kept outside the repository; the first (warm-up) run of each
# command writes it, as installing the package does.
PYCACHE = os.path.join(tempfile.gettempdir(), "sagebridge-speed-pycache")

Figures = tuple[float, float, int, float]  # median wall s, min wall s, peak MiB, median CPU s


def bench(src: Path, work: Path, repeat: int, roots: dict[str, Path]) -> dict[str, Figures]:
    """{"migrate"|"analyze" + variant: Figures}, the commands and versions alternating; a
    variant is "" (this checkout) or " (baseline)"."""
    names = [f"{name}{variant}" for variant in roots for name in ("migrate", "analyze")]
    times: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    peaks: dict[str, int] = dict.fromkeys(names, 0)
    python = [sys.executable, "-m", "sagebridge"]
    for variant, root in roots.items():  # warm-up: writes the bytecode, not timed
        warm = work / f"warm-{src.name}"
        measure([*python, "migrate", str(src), "-o", str(warm), "--entry-point", "train.py"], root)
        measure([*python, "analyze", str(src), "--entry-point", "train.py"], root)
        shutil.rmtree(warm, ignore_errors=True)
    for run in range(repeat):
        out = work / f"out-{src.name}-{run}"
        for variant, root in roots.items():
            for name, command in (
                ("migrate", [*python, "migrate", str(src), "-o", str(out), "--entry-point", "train.py"]),
                ("analyze", [*python, "analyze", str(src), "--entry-point", "train.py"]),
            ):
                wall, peak, cpu = measure(command, root)
                times[name + variant].append(wall)
                cpus[name + variant].append(cpu)
                peaks[name + variant] = max(peaks[name + variant], peak)
            shutil.rmtree(out, ignore_errors=True)
    return {
        name: (statistics.median(values), min(values), peaks[name], statistics.median(cpus[name]))
        for name, values in times.items()
    }


def load() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs for ec2-mnist and 10 files")
    parser.add_argument("--big-repeat", type=int, default=1, help="runs for 100+ files")
    parser.add_argument("--sizes", default="10,100,1000", help="synthetic project sizes")
    parser.add_argument("--baseline", type=Path, help="another version's checkout, timed too")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    roots = {"": REPO}
    if args.baseline is not None:
        if not (args.baseline / "src" / "sagebridge").is_dir():
            raise SystemExit(f"{args.baseline}: no src/sagebridge there; give a checkout")
        roots[" (baseline)"] = args.baseline.resolve()
    rows: list[tuple[str, int, dict[str, Figures]]] = []
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory(prefix="sagebridge-speed-") as tmp:
        work = Path(tmp)
        rows.append(("ec2-mnist", 1, bench(EXAMPLE, work, args.repeat, roots)))
        for size in sizes:
            src = make_project(Path(tempfile.mkdtemp(prefix=f"files{size}-", dir=work)), size)
            repeat = args.repeat if size <= 10 else args.big_repeat
            rows.append((f"synthetic {size} files", size, bench(src, work, repeat, roots)))
    print(f"after: {load()}")
    print("wall: median/min of the runs; cpu: median user+sys of the child; MiB: peak RSS")
    print(f"{'project':<33} {'migrate wall':>16} {'cpu':>6} {'MiB':>4} {'analyze wall':>16} "
          f"{'cpu':>6} {'MiB':>4} {'migrate/analyze wall, cpu':>26}")  # fmt: skip
    for label, _, figures in rows:
        for variant in roots:
            m_med, m_min, m_peak, m_cpu = figures["migrate" + variant]
            a_med, a_min, a_peak, a_cpu = figures["analyze" + variant]
            print(f"{label + variant:<33} {m_med:>7.2f}s/{m_min:>6.2f}s {m_cpu:>5.2f}s {m_peak:>4} "
                  f"{a_med:>7.2f}s/{a_min:>6.2f}s {a_cpu:>5.2f}s {a_peak:>4} "
                  f"{m_med / a_med:>19.1f}, {m_cpu / a_cpu:>4.1f}")  # fmt: skip
    mnist, mnist_cpu = rows[0][2]["migrate"][0], rows[0][2]["migrate"][3]
    print(f"ec2-mnist migrate median {mnist:.2f} s wall, {mnist_cpu:.2f} s CPU (goal <= 0.5 s on a "
          f"quiet machine, where wall is close to CPU): {'met' if mnist <= 0.5 else 'NOT met'} "
          "as wall time")  # fmt: skip
    by_size = {size: figures for _, size, figures in rows[1:]}
    if 100 in by_size and 1000 in by_size:
        for name in ("migrate", "analyze"):
            small = by_size[100][name][0] / 100  # wall; the CPU figures are in the table
            large = by_size[1000][name][0] / 1000
            verdict = "linear" if large <= small * 1.5 else "super-linear"
            print(f"{name}: {small * 1000:.1f} ms/file at 100 files, {large * 1000:.1f} ms/file "
                  f"at 1,000 ({large / small:.2f}x): {verdict}; "
                  f"1,000 files {by_size[1000][name][0]:.1f} s (goal <= 10 s)")  # fmt: skip


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")
