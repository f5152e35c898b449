"""`run --local` of a project whose script needs a CUDA GPU (ddp-tutorial-series style) on a
machine without one: refused in one line naming the script's line, before any step runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.errors import UserError
from sagebridge.local.run import cuda_check
from sagebridge.local.run.execution import RunOptions
from sagebridge.local.run.runner import run_project
from sagebridge.migrate import migrate_project

SCRIPT = """import os

import torch
from torch.distributed import init_process_group


def main():
    torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
    init_process_group(backend="nccl")
    model = torch.nn.Linear(4, 1).to(int(os.environ["LOCAL_RANK"]))
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cuda")
    (root / "src").mkdir()
    (root / "src" / "train.py").write_text(SCRIPT, encoding="utf-8")
    migrate_project(root / "src", root / "out")
    return root / "out"


def test_refused_without_a_gpu(migrated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cuda_check, "_cuda_available", lambda: False)
    with pytest.raises(UserError) as refused:
        run_project(migrated, RunOptions(out=migrated))
    message = str(refused.value)
    assert message.startswith("train.py:8: torch.cuda.set_device needs a CUDA GPU")
    assert "\n" not in message and "sagebridge execute" in message
    assert not (migrated / ".sagebridge" / "runs").exists()  # no step ran


def test_a_machine_with_a_gpu_goes_on(migrated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cuda_check, "_cuda_available", lambda: True)
    cuda_check.require_cuda(migrated)  # no refusal


def test_a_cpu_project_is_not_probed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def probe() -> bool:
        raise AssertionError("a project without CUDA code must not start the probe")

    monkeypatch.setattr(cuda_check, "_cuda_available", probe)
    (tmp_path / "analysis.json").write_text('{"cuda_uses": []}', encoding="utf-8")
    cuda_check.require_cuda(tmp_path)
