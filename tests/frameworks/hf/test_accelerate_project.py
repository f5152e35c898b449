"""examples/corpus/hf-accelerate, migrated: the same metrics as the original, the model in the
HF inference toolkit's layout, and a killed job resumed from its checkpoint folder."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from frameworks.hf.conftest import Project, container_env, run_script, script_env

EPOCH_LINE = re.compile(r"^epoch (\d+): \{'accuracy': ([0-9.]+)\}$", re.MULTILINE)


def test_migrated_script_prints_the_originals_metrics(accelerate_project: Project, tmp_path: Path):
    """Same data, same seed: every epoch's eval_metric dict equal, and the objective logged
    as `validation_accuracy=...;` (the dict's name says its phase, not the enclosing
    `training_function`); the model is saved with save_pretrained into SM_MODEL_DIR."""
    project = accelerate_project
    args = ["--num_epochs", "3", "--checkpointing_steps", "epoch"]  # it learns in the third
    original = run_script(project.original / "train.py", args, project.original)
    env = container_env(project, tmp_path / "opt_ml")
    migrated = run_script(project.code / "train.py", args, project.code, env)
    assert EPOCH_LINE.findall(migrated) == EPOCH_LINE.findall(original) != []
    last = EPOCH_LINE.findall(original)[-1][1]
    assert float(last) > 0.9  # a model that learned, not a constant answer
    assert re.findall(r"^validation_accuracy=([0-9.]+);", migrated, re.MULTILINE)[-1] == last
    model_dir = Path(env["SM_MODEL_DIR"])
    assert {"config.json", "model.safetensors", "tokenizer_config.json"} <= {
        p.name for p in model_dir.iterdir()
    }
    # the script's own save_state folders went to the checkpoint dir, not the working folder
    assert sorted(p.name for p in Path(env["SM_CHECKPOINT_DIR"]).iterdir()) == [
        "epoch_0",
        "epoch_1",
        "epoch_2",
    ]
    assert not (project.code / "epoch_0").exists()


def test_none_defaults_stay_none(accelerate_project: Project, tmp_path: Path):
    """--checkpointing_steps and --resume_from_checkpoint default to None: with nothing passed
    (as the pipeline passes nothing for them) no state is saved and nothing is resumed; the
    string 'None' would have made load_state('None') fail."""
    project = accelerate_project
    env = container_env(project, tmp_path / "opt_ml")
    output = run_script(project.code / "train.py", ["--num_epochs", "1"], project.code, env)
    assert "Resumed from checkpoint" not in output
    assert list(Path(env["SM_CHECKPOINT_DIR"]).iterdir()) == []
    assert len(EPOCH_LINE.findall(output)) == 1


def test_killed_job_resumes_from_its_newest_epoch(accelerate_project: Project, tmp_path: Path):
    """A spot interruption: the job is killed once an epoch's state folder is saved; the rerun
    (nothing passed, as SageMaker restarts it) loads the newest epoch_N and trains from N+1."""
    project = accelerate_project
    env = container_env(project, tmp_path / "opt_ml")
    checkpoints = Path(env["SM_CHECKPOINT_DIR"])
    args = ["--num_epochs", "3", "--checkpointing_steps", "epoch"]
    process = subprocess.Popen(
        [sys.executable, str(project.code / "train.py"), *args], cwd=project.code,
        env=script_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not _saved(checkpoints / "epoch_0") and time.monotonic() < deadline:
            assert process.poll() is None, "the job ended before it saved an epoch"
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    done = max(int(p.name.split("_")[1]) for p in checkpoints.iterdir() if _saved(p))
    assert done < 2, "the job finished before it was killed"
    rerun = run_script(project.code / "train.py", args, project.code, env)
    assert f"Resumed from checkpoint: {checkpoints / f'epoch_{done}'}" in rerun
    assert [int(e) for e, _ in EPOCH_LINE.findall(rerun)] == list(range(done + 1, 3))


def _saved(folder: Path) -> bool:
    """save_state finished: weights, optimizer, scheduler and (written last) the RNG states."""
    names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    return STATE_FILES <= names


STATE_FILES = {"model.safetensors", "optimizer.bin", "scheduler.bin", "random_states_0.pkl"}
