"""examples/corpus/ddp-torchrun-positional saves a snapshot dict every `save_every` epochs and
resumes from it at start-up when the file exists. Migrated, that file lives in the checkpoint
folder inside the training job (SageMaker syncs it with S3 across spot restarts), so a restarted
job resumes from the epoch it reached, and the model still lands in the model dir; on a laptop
the file stays where the script wrote it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import torch
from migrate.conftest import FakeContainer, plain_env

from frameworks.distributed.torchrun import PROJECT, torchrun
from sagebridge.migrate import migrate_project


def _epochs_run(snapshot: Path) -> int:
    return int(torch.load(snapshot, map_location="cpu")["EPOCHS_RUN"])


def test_restarted_job_resumes_from_the_snapshot_in_the_checkpoint_folder(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    subprocess.run([sys.executable, "make_data.py"], cwd=src, check=True, timeout=120)
    out = tmp_path / "out"
    migrate_project(src, out)
    assert "Checkpoints(" not in (out / "code" / "train.py").read_text()  # no second resume

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(src / "data", container.channel())
    code = tmp_path / "opt_ml" / "code"
    shutil.copytree(out / "code", code)
    env = plain_env(**container.env())

    first = torchrun(code / "train.py", ["--total_epochs", "1", "--save_every", "1"], code, env)
    assert "Resuming" not in first
    assert _epochs_run(container.checkpoints / "snapshot.pt") == 1
    assert not (code / "snapshot.pt").exists()

    # a spot restart: a new container, with an empty model dir and the synced checkpoints
    shutil.rmtree(container.model)
    container.model.mkdir()
    second = torchrun(code / "train.py", ["--total_epochs", "3", "--save_every", "1"], code, env)
    assert "Resuming training from snapshot at Epoch 1" in second
    assert _epochs_run(container.checkpoints / "snapshot.pt") == 3
    assert _epochs_run(container.model / "snapshot.pt") == 3
    assert (container.model / "model.pt").is_file()
    assert (container.model / "model.pth").is_file()


def test_laptop_run_keeps_the_snapshot_where_the_script_wrote_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    subprocess.run([sys.executable, "make_data.py"], cwd=src, check=True, timeout=120)
    out = tmp_path / "out"
    migrate_project(src, out)
    code = out / "code"
    shutil.copytree(src / "data", code / "data")
    torchrun(code / "train.py", ["1", "1"], code, plain_env())
    second = torchrun(code / "train.py", ["2", "1"], code, plain_env())
    assert "Resuming training from snapshot at Epoch 1" in second
    assert _epochs_run(code / "snapshot.pt") == 2
