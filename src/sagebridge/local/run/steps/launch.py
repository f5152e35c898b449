"""How a training job's container starts the entry script: python, or torchrun's processes.

    ModelTrainer(distributed=Torchrun())     sm_drivers/sm_train.sh runs torchrun_driver.py:
                                             torchrun --nnodes=1 --nproc_per_node=N entry.py ...

SageMaker runs N = the Torchrun config's process count, else SM_NUM_GPUS, else 1. There are no
GPUs here, so N is the process count the job names, else `run --local --processes N` (1 by
default). Several local processes run on the CPU with the gloo backend: ACCELERATE_USE_CPU is
set for them as `accelerate launch --cpu` sets it (an Accelerator otherwise looks for GPUs).
torchrun's rendezvous is standalone: a free port on 127.0.0.1, so local runs don't collide.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TRAIN_SCRIPT = "sm_train.sh"  # what the SDK writes into the driver channel
TORCHRUN_DRIVER = "torchrun_driver.py"
DISTRIBUTED_JSON = "distributed.json"


def torchrun_processes(drivers: Path, processes: int) -> int | None:
    """The number of processes torchrun starts for this job; None when the job has no torchrun
    driver (the entry script runs as one plain python process)."""
    script = drivers / TRAIN_SCRIPT
    if not script.exists() or TORCHRUN_DRIVER not in script.read_text():
        return None
    config_file = drivers / DISTRIBUTED_JSON
    config = json.loads(config_file.read_text() or "{}") if config_file.exists() else {}
    return int(config.get("process_count_per_node") or 0) or max(processes, 1)


def torchrun_command(entry_script: str, count: int) -> list[str]:
    """torchrun on this Python (the job's torch), one node, `count` processes."""
    return [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nnodes=1",
        f"--nproc_per_node={count}",
        entry_script,
    ]


def torchrun_env(count: int) -> dict[str, str]:
    """CPU processes for an Accelerator when there are several (one needs nothing)."""
    return {"ACCELERATE_USE_CPU": "true"} if count > 1 else {}
