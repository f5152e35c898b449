"""pytorch/examples ddp-tutorial-series style: code that runs only on a CUDA GPU (set_device,
NCCL, `.to(gpu_id)`) with no CPU fallback. The pipeline trains on a GPU instance by default and
migrate says so in one line; a script that reads torchrun's LOCAL_RANK is started by torchrun.
A script that checks `torch.cuda.is_available()` is left on the CPU default."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project

TORCHRUN_SCRIPT = """import os

import torch
from torch.distributed import destroy_process_group, init_process_group
from torch.nn.parallel import DistributedDataParallel as DDP


class Trainer:
    def __init__(self, model):
        self.gpu_id = int(os.environ["LOCAL_RANK"])
        self.model = DDP(model.to(self.gpu_id), device_ids=[self.gpu_id])

    def train(self, epochs):
        for epoch in range(epochs):
            out = self.model(torch.randn(8, 4).to(self.gpu_id))
            out.sum().backward()


def main():
    torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
    init_process_group(backend="nccl")
    Trainer(torch.nn.Linear(4, 1)).train(2)
    destroy_process_group()


if __name__ == "__main__":
    main()
"""

SINGLE_GPU_SCRIPT = """import torch


def main(gpu_id):
    model = torch.nn.Linear(4, 1).to(gpu_id)
    model(torch.randn(8, 4).to(gpu_id)).sum().backward()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main(0)
"""

FALLBACK_SCRIPT = """import os

import torch

rank = int(os.environ.get("RANK", 0))
device = "cuda" if torch.cuda.is_available() else "cpu"
model = torch.nn.Linear(4, 1).to(device)
if device == "cuda":
    model.cuda()
torch.save(model.state_dict(), "model.pt")
"""


def _write(tmp_path: Path, text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(text, encoding="utf-8")
    return src


def test_cuda_only_calls_are_found(tmp_path: Path) -> None:
    uses = analyze_project(_write(tmp_path, TORCHRUN_SCRIPT)).cuda_uses
    assert [use.what for use in uses] == [
        ".to(self.gpu_id)",
        ".to(self.gpu_id)",
        "torch.cuda.set_device",
        'init_process_group(backend="nccl")',
    ]
    assert uses[0].line == 11


def test_a_gpu_index_passed_to_to_is_found(tmp_path: Path) -> None:
    uses = analyze_project(_write(tmp_path, SINGLE_GPU_SCRIPT)).cuda_uses
    assert [(use.line, use.what) for use in uses] == [(5, ".to(gpu_id)"), (6, ".to(gpu_id)")]


def test_a_script_with_a_cpu_fallback_needs_no_gpu(tmp_path: Path) -> None:
    src = _write(tmp_path, FALLBACK_SCRIPT)
    assert analyze_project(src).cuda_uses == ()
    out = tmp_path / "out"
    result = migrate_project(src, out)
    assert not any("CUDA" in w for w in result.warnings)
    pipeline = (out / "pipeline" / "pipeline.py").read_text(encoding="utf-8")
    assert "    gpu: bool = False," in pipeline
    assert "Torchrun()" not in pipeline  # RANK has a default: plain python runs it


def test_migrated_project_trains_on_a_gpu_under_torchrun(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(_write(tmp_path, TORCHRUN_SCRIPT), out)
    assert (
        "train.py:11: .to(self.gpu_id) needs a CUDA GPU (no CPU fallback in the script): the "
        "pipeline trains on a GPU instance with the GPU image by default; `run --local` needs "
        "a machine with one"
    ) in result.warnings
    assert any("train.py:10: a torchrun script" in w for w in result.warnings)
    pipeline = (out / "pipeline" / "pipeline.py").read_text(encoding="utf-8")
    assert "    gpu: bool = True," in pipeline
    assert "gpu=True,  # the script needs a CUDA GPU" in pipeline
    assert "distributed=Torchrun()," in pipeline
    assert "reads torchrun's variables" in pipeline
