"""An Accelerate script is started the way `accelerate launch` starts it: one process per GPU.

    accelerator = Accelerator()                  ModelTrainer(..., distributed=Torchrun())
    (run with `accelerate launch train.py`)      torchrun --nproc_per_node=<SM_NUM_GPUS or 1>

`Torchrun()` with no process count runs as many processes as the instance has GPUs (the SDK's
torchrun driver reads SM_NUM_GPUS), one on a CPU instance: the TrainingInstanceType parameter
chooses, not the build. Each process reads the LOCAL_RANK/WORLD_SIZE torchrun sets, which is
all `Accelerator()` needs; `accelerator.print`, `is_main_process` and `save_state` keep their
once-per-job meaning. Multi-node (TrainingInstanceCount > 1) is torchrun's too (the driver
passes the master address and node rank). `run --local --processes N` starts N CPU processes
(gloo), as `accelerate launch --cpu --num_processes N` would.
"""

from __future__ import annotations

from sagebridge.model import Analysis, LaunchPlan

TORCHRUN = "torchrun"


def plan_launch(analysis: Analysis) -> LaunchPlan | None:
    """torchrun for an entry point that builds an `Accelerator` or reads torchrun's variables
    (analyze/torchrun_env.py); None (plain python) otherwise."""
    entry = analysis.entry_point
    line = analysis.training.huggingface.accelerator_line
    torchrun = analysis.training.torchrun_line if line is None else None
    if torchrun is not None:
        note = (
            f"{entry}:{torchrun}: a torchrun script (it reads LOCAL_RANK/RANK/WORLD_SIZE): the "
            "training job starts it with torchrun, one process per GPU of the "
            "TrainingInstanceType, on one instance"
        )
        return LaunchPlan(TORCHRUN, entry, torchrun, note, accelerate=False)
    if line is None:
        return None
    note = (
        f"{entry}:{line}: an Accelerate script: the training job starts it with torchrun, one "
        "process per GPU of the TrainingInstanceType (one on a CPU instance), as `accelerate "
        "launch` would"
    )
    return LaunchPlan(launcher=TORCHRUN, file=entry, line=line, note=note)
