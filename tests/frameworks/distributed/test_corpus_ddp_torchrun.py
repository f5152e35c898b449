"""examples/corpus/ddp-torchrun-positional (DDP tutorial-series style): the original under
torchrun (`train.py 6 2`) and the migrated script under torchrun as the training job starts it
(SageMaker's `--total_epochs 6 --save_every 2`) print the same validation loss, and the
snapshot lands in the model dir beside the exported model."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env

from frameworks.distributed.torchrun import PROJECT, torchrun
from sagebridge.migrate import migrate_project


def _val_loss(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("val_loss:")]


def test_migrated_job_prints_the_originals_loss(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    subprocess.run([sys.executable, "make_data.py"], cwd=src, check=True, timeout=120)
    out = tmp_path / "out"
    result = migrate_project(src, out)
    assert result.plan.hyperparameters == {
        "--batch_size": "32", "--total_epochs": "6", "--save_every": "2"
    }  # fmt: skip

    original = _val_loss(torchrun(src / "train.py", ["6", "2"], src, plain_env()))
    assert len(original) == 1

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(src / "data", container.channel())
    code = tmp_path / "opt_ml" / "code"
    shutil.copytree(out / "code", code)
    arguments = ["--batch_size", "32", "--total_epochs", "6", "--save_every", "2"]
    job = torchrun(code / "train.py", arguments, code, plain_env(**container.env()))
    assert _val_loss(job) == original
    assert (container.model / "snapshot.pt").is_file()
    assert any(p.suffix in (".pt", ".pth") and p.name != "snapshot.pt"
               for p in container.model.iterdir())  # fmt: skip
