"""Fault injection on `sagebridge run --local` (the run half of issue 9's fault suite).

Every case is a real `sagebridge` subprocess on the migrated sklearn-digits example:
(a) each state file the runner reads back is damaged as a killed write left it (cut in half,
    garbage, empty) and the next run must still work: a cache miss with one warning line, exit 0;
    a damaged registry.db is one line naming the file and what to do, exit 2;
(b) the run is interrupted (SIGINT to sagebridge alone, or to its whole process group as a
    terminal's Ctrl-C does) while a step runs and while the definition is built: exit 130, a
    summary saying so (printed with --json and kept as last-run.json), no step process left
    behind, and the next run succeeds.

The exit code 130 comes from `sagebridge.cli.main()` mapping the interrupt that `run` re-raises;
until the branch fixing main() (issue 9.2) is merged, main() drops it and the two interrupt
tests fail on their exit-code assertion only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli_env, sagebridge
from helpers.paths import example

EXAMPLE = example("sklearn-digits")
FAST = ("-p", "n_estimators=5", "-p", "n_jobs=1", "-p", "QualityThreshold=0.3")
SLOW_TRAIN = ("-p", "n_estimators=4000", "-p", "n_jobs=1", "-p", "QualityThreshold=0.3")

pytestmark = pytest.mark.slow


def run_json(out: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    done = sagebridge("run", out, "--local", "--json", *args)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.stdout, done.stderr[-3000:]
    return done, json.loads(done.stdout)


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example migrated and run once: every state file exists."""
    out = tmp_path_factory.mktemp("digits") / "out"
    migrated = sagebridge("migrate", EXAMPLE, "-o", out)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    done, summary = run_json(out, *FAST)
    assert done.returncode == 0 and summary["status"] == "succeeded", summary
    return out


@pytest.fixture
def out(warmed: Path, tmp_path: Path) -> Path:
    """A private copy of the warmed project (same state, cache keys included)."""
    copy = tmp_path / "out"
    shutil.copytree(warmed, copy, symlinks=True)
    # The definition cache names the store's code objects by URI; the store moved with OUT.
    return copy


def damage(path: Path, how: str) -> None:
    if how == "half":  # what a kill in the middle of a plain write left behind
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "garbage":
        path.write_bytes(b"\x89PNG\x00\xff garbage")
    else:
        path.write_bytes(b"")


STATE_FILES = {
    "step cache": "cache/*.json",
    "definition cache": "definitions/*.json",
    "last run summary": "last-run.json",
}


@pytest.mark.parametrize("how", ["half", "garbage", "empty"])
@pytest.mark.parametrize("kind", sorted(STATE_FILES))
def test_a_damaged_state_file_costs_a_rebuild_not_the_run(out: Path, kind: str, how: str) -> None:
    damaged = sorted((out / ".sagebridge").glob(STATE_FILES[kind]))
    assert damaged, f"no {kind} after a run"
    for path in damaged:
        damage(path, how)

    done, summary = run_json(out, *FAST)
    assert done.returncode == 0 and summary["status"] == "succeeded", done.stderr[-3000:]
    # (the image-versions warning of local/run/image_versions.py is not about state files)
    warning_lines = [line for line in done.stderr.splitlines()
                     if line.startswith("warning:") and "SageMaker runs" not in line]
    state_warnings = [w for w in summary["warnings"] if "SageMaker runs" not in w]
    if kind == "last run summary":  # written, never read back by the run
        assert not warning_lines
    else:
        assert len(warning_lines) == len(damaged) == len(state_warnings), done.stderr
        for path in damaged:
            assert any(str(path) in line and "damaged" in line for line in warning_lines)
        rerun = {s["name"]: s["status"] for s in summary["steps"]}
        if kind == "step cache":
            assert rerun["Train"] == "succeeded"  # ran again, not "cached"
    kept = json.loads((out / ".sagebridge" / "last-run.json").read_text())
    assert kept["execution_id"] == summary["execution_id"]


@pytest.mark.parametrize("command", [("run", "--local", *FAST), ("models",), ("serve",)])
def test_a_damaged_registry_is_one_line_naming_it(out: Path, command: tuple[str, ...]) -> None:
    registry = out / ".sagebridge" / "registry.db"
    damage(registry, "garbage")
    done = sagebridge(command[0], out, *command[1:])
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    assert str(registry) in " ".join(done.stderr.split()) and "move it aside" in done.stderr


# ---- interrupts ------------------------------------------------------------------------------


def processes_under(folder: Path) -> list[str]:
    """Live processes whose command line or working directory lies under `folder`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(proc / "cwd")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile, or not ours to read
        if state != "Z" and (str(folder) in cmdline or cwd.startswith(str(folder))):
            found.append(f"{proc.name}: {cmdline.strip()} (cwd {cwd})")
    return found


INTERRUPTIBLE = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'sagebridge'; from sagebridge.cli import main; main()"
)


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """Popen objects of runs under test; any still alive at the end is killed (a failed test
    must not leave a pipeline running on a shared machine)."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(condition: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)  # polling a child's progress


@pytest.mark.parametrize(
    "point",
    [
        "Train (SIGINT to sagebridge alone)",
        "definition build (SIGINT to the process group, as Ctrl-C in a terminal)",
    ],
)
def test_an_interrupted_run_stops_its_steps_and_says_so(
    out: Path, point: str, started: list[subprocess.Popen[str]]
) -> None:
    state = out / ".sagebridge"
    runs_before = set((state / "runs").iterdir())
    # `python -m sagebridge`, with Ctrl-C's default handler restored first: a test runner
    # started in the background of a script ignores SIGINT, and its children inherit that.
    command = [sys.executable, "-c", INTERRUPTIBLE, "run", str(out), "--local", "--json"]
    process = subprocess.Popen(
        [*command, "--no-cache", *SLOW_TRAIN],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
        start_new_session=True,  # its own group, like a job a shell started
    )
    started.append(process)

    if point.startswith("Train"):

        def training() -> bool:
            new = set((state / "runs").iterdir()) - runs_before
            return any(processes_under(run / "Train") for run in new) or process.poll() is not None

        wait_for(training, 120, "the Train step's process")
        os.kill(process.pid, signal.SIGINT)
    else:
        wait_for(
            lambda: (
                any("pipeline.py" in p for p in processes_under(out)) or process.poll() is not None
            ),
            60,
            "pipeline.py --definition",
        )
        os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr[-3000:]
    summary = json.loads(stdout)
    assert summary["status"] == "interrupted", summary
    kept = json.loads((state / "last-run.json").read_text())
    assert kept == summary  # the summary is kept for the next command (cost)
    statuses = {s["name"]: s["status"] for s in summary["steps"]}
    if point.startswith("Train"):
        assert statuses["Preprocess"] == "succeeded" and statuses["Train"] == "interrupted"
        assert summary["failure"] == "interrupted during step Train"
        assert {statuses[n] for n in statuses if n not in ("Preprocess", "Train")} == {"not_run"}
    else:
        assert statuses == {}
        assert summary["failure"] == "interrupted while building the pipeline definition"
    wait_for(lambda: not processes_under(out), 10, f"no process left under {out}")
    assert process.returncode == 130, (process.returncode, stderr[-2000:])

    done, again = run_json(out, *FAST)
    assert done.returncode == 0 and again["status"] == "succeeded", done.stderr[-3000:]
