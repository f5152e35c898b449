"""examples/corpus/hf-accelerate-multiprocess, migrated: `run --local --processes 2` trains in
two torchrun processes and prints what the single-process original prints; a two-process job
killed after an epoch resumes from its save_state folder."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tarfile
import time
from pathlib import Path

from helpers.cli import cli_env, sagebridge

from frameworks.hf.conftest import (
    OFFLINE,
    Project,
    container_env,
    run_script,
    script_env,
    torchrun,
)

EPOCH_LINE = re.compile(r"epoch (\d+): val_accuracy=([0-9.]+)$", re.MULTILINE)
LOGGED = re.compile(r"validation_accuracy=([0-9.]+);$", re.MULTILINE)


def test_two_local_processes_print_the_single_process_metrics(multiprocess_project: Project):
    """The pipeline's training job runs torchrun (ModelTrainer distributed=Torchrun()); locally
    with --processes 2 both processes train (a random-state file each in every save_state
    folder), the main one prints each epoch once, with the original's single-process values
    (split batches and a seeded sampler make the global batches the same), and the model
    archive holds the HF layout."""
    project = multiprocess_project
    assert "distributed=Torchrun()" in (project.out / "pipeline" / "pipeline.py").read_text()
    original = run_script(project.original / "train.py", ["--checkpointing_steps", "epoch"],
                          project.original)  # fmt: skip
    expected = EPOCH_LINE.findall(original)
    assert [e for e, _ in expected] == ["0", "1"] and float(expected[-1][1]) > 0.9

    done = sagebridge(
        "run", project.out, "--local", "--json", "--no-cache", "--processes", "2",
        "-p", "checkpointing_steps=epoch", "-p", "QualityThreshold=0.5",
        env=cli_env(**OFFLINE),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["status"] == "succeeded", summary
    [train] = [s for s in summary["steps"] if s["name"] == "Train"]
    log = Path(train["log"]).read_text()
    assert EPOCH_LINE.findall(log) == expected  # once per epoch: the main process prints
    # the objective logged once per epoch too (log_metric: RANK 0 only)
    assert [f"{float(v):.4f}" for v in LOGGED.findall(log)] == [v for _, v in expected]
    assert f"{summary['metrics']['validation_accuracy']:.4f}" == expected[-1][1]

    execution = summary["execution_id"]
    job = project.out / ".sagebridge" / "runs" / execution / f"Train-{execution}"
    states = job / "checkpoints"  # the job's /opt/ml
    assert sorted(p.name for p in states.iterdir()) == ["epoch_0", "epoch_1"]
    for state in states.iterdir():  # two processes saved; the weights once
        names = sorted(p.name for p in state.iterdir())
        assert [n for n in names if n.startswith("random_states_")] == [
            "random_states_0.pkl", "random_states_1.pkl",
        ]  # fmt: skip
        assert names.count("model.safetensors") == 1
    with tarfile.open(job / "model.tar.gz") as archive:
        assert {"config.json", "model.safetensors", "tokenizer_config.json"} <= set(
            archive.getnames()
        )


def test_a_killed_two_process_job_resumes_from_its_newest_epoch(
    multiprocess_project: Project, tmp_path: Path
):
    """A spot interruption of a torchrun job: killed once epoch_0's state is saved, the rerun
    (nothing passed, as SageMaker restarts it) loads the newest state in both processes and
    prints the remaining epoch once."""
    project = multiprocess_project
    env = container_env(project, tmp_path / "opt_ml")
    checkpoints = Path(env["SM_CHECKPOINT_DIR"])
    args = ["--num_epochs", "3", "--checkpointing_steps", "epoch"]
    command = torchrun(project.code / "train.py", args, 2)
    two = {**env, "ACCELERATE_USE_CPU": "true"}
    process = subprocess.Popen(
        command, cwd=project.code, env=script_env(two), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not _saved(checkpoints / "epoch_0") and time.monotonic() < deadline:
            assert process.poll() is None, "the job ended before it saved an epoch"
            time.sleep(0.2)
        # As a spot interruption stops the container: torchrun passes SIGTERM on to its
        # workers (they run in sessions of their own: a SIGKILL of its group would miss them).
        os.killpg(process.pid, signal.SIGTERM)
    finally:
        process.wait(timeout=120)
    done = max(int(p.name.split("_")[1]) for p in checkpoints.iterdir() if _saved(p))
    assert done < 2, "the job finished before it was killed"
    rerun = subprocess.run(
        command, cwd=project.code, env=script_env(two), capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    output = rerun.stdout + rerun.stderr
    assert rerun.returncode == 0, output[-3000:]
    resumed = f"resumed from {checkpoints / f'epoch_{done}'}: starting at epoch {done + 1}"
    assert output.count(resumed) == 1
    assert [int(e) for e, _ in EPOCH_LINE.findall(output)] == list(range(done + 1, 3))


def _saved(state: Path) -> bool:
    """save_state finished: the weights and both processes' random states are there."""
    return all((state / name).exists() for name in (
        "model.safetensors", "random_states_0.pkl", "random_states_1.pkl",
    ))  # fmt: skip
