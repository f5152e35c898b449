"""examples/corpus/hf-trainer, migrated: the same metrics as the original, output_dir's
checkpoint-N folders in the checkpoint dir, the model and tokenizer in SM_MODEL_DIR as the HF
inference toolkit loads them (and our local endpoint serves them), and a killed job resumed."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from frameworks.hf.conftest import Project, container_env, run_script, script_env
from sagebridge.local.serve.handlers import ServedModel

FINAL = re.compile(r"^\{'eval_loss': ([0-9.e-]+), 'eval_accuracy': ([0-9.e-]+)", re.MULTILINE)
TRAIN_LOG_EPOCH = re.compile(r"\{'loss': [^}]*'epoch': '?([0-9.]+)'?\}")
STEPS_PER_EPOCH = 50  # 800 training rows / batch 16
STATE_FILES = {"model.safetensors", "optimizer.pt", "scheduler.pt", "trainer_state.json"}


def test_migrated_script_prints_the_originals_metrics(trainer_project: Project, tmp_path: Path):
    """Same data, same seed: trainer.evaluate()'s loss and accuracy equal, the accuracy logged
    as `accuracy=...;`; output_dir's checkpoints in the checkpoint dir; model and tokenizer in
    SM_MODEL_DIR, served by our local endpoint through the generated inference.py."""
    project = trainer_project
    args = ["--num_train_epochs", "1"]
    original = run_script(project.original / "train.py", args, project.original)
    opt_ml = tmp_path / "opt_ml"
    env = container_env(project, opt_ml)
    migrated = run_script(project.code / "train.py", args, project.code, env)
    assert FINAL.findall(migrated) == FINAL.findall(original) != []
    accuracy = float(FINAL.findall(original)[-1][1])
    logged = re.findall(r"^accuracy=([0-9.e-]+);", migrated, re.MULTILINE)
    assert float(logged[-1]) == accuracy
    assert [p.name for p in Path(env["SM_CHECKPOINT_DIR"]).iterdir()] == [
        f"checkpoint-{STEPS_PER_EPOCH}"
    ]
    assert not (project.code / "outputs").exists()
    model_dir = Path(env["SM_MODEL_DIR"])
    assert {"config.json", "model.safetensors", "tokenizer_config.json"} <= {
        p.name for p in model_dir.iterdir()
    }
    served = ServedModel(_archive(model_dir, project.code / "inference.py", tmp_path))
    try:
        body, _ = served.invoke(
            json.dumps({"inputs": ["the movie was great", "an awful plot"]}).encode(),
            "application/json", "application/json",
        )  # fmt: skip
    finally:
        served.close()
    predictions = json.loads(body)["predictions"]
    assert [p["label"] for p in predictions] == [
        p["label"] for p in _direct_pipeline(model_dir, ["the movie was great", "an awful plot"])
    ]


def test_killed_job_resumes_from_its_newest_checkpoint(trainer_project: Project, tmp_path: Path):
    """A spot interruption: killed once a checkpoint-N folder is complete; the rerun (nothing
    passed) resumes from the newest one and logs only the epochs after it."""
    project = trainer_project
    env = container_env(project, tmp_path / "opt_ml")
    checkpoints = Path(env["SM_CHECKPOINT_DIR"])
    args = ["--num_train_epochs", "3"]
    process = subprocess.Popen(
        [sys.executable, str(project.code / "train.py"), *args], cwd=project.code,
        env=script_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    first = checkpoints / f"checkpoint-{STEPS_PER_EPOCH}"
    try:
        deadline = time.monotonic() + 300
        while not _saved(first) and time.monotonic() < deadline:
            assert process.poll() is None, "the job ended before it saved a checkpoint"
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    steps = max(int(p.name.split("-")[1]) for p in checkpoints.iterdir() if _saved(p))
    done = steps // STEPS_PER_EPOCH
    assert done < 3, "the job finished before it was killed"
    rerun = run_script(project.code / "train.py", args, project.code, env)
    epochs = [float(e) for e in TRAIN_LOG_EPOCH.findall(rerun)]
    assert epochs == [float(e) for e in range(done + 1, 4)], rerun[-3000:]


def _saved(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    return STATE_FILES <= names


def _archive(model_dir: Path, inference: Path, tmp_path: Path) -> Path:
    """model.tar.gz as the pipeline's registration packs it: model files, code/inference.py."""
    target = tmp_path / "model.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(model_dir.iterdir()):
            tar.add(path, arcname=path.name)
        tar.add(inference, arcname="code/inference.py")
    return target


def _direct_pipeline(model_dir: Path, texts: list[str]) -> list[dict]:
    from transformers import pipeline

    return pipeline("text-classification", model=str(model_dir), device=-1)(texts)
