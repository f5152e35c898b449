"""Checkpoint the epoch loop: what state to save (model, optimizer, scheduler) and where.

The state is what analysis found the loop's function (or module) binds on every path before the
loop (analyze/epoch_state.py): project models, optimizers, learning-rate schedulers. Every model
and optimizer is kept (a GAN's generator and discriminator, each with its optimizer). Without a
model there is nothing to resume, so no checkpoints are planned.
"""

from __future__ import annotations

from sagebridge.model import Analysis, CheckpointPlan, Framework

TENSORFLOW_ONLY = frozenset({Framework.KERAS, Framework.TENSORFLOW})


def plan_checkpoint(analysis: Analysis) -> tuple[CheckpointPlan | None, tuple[str, ...]]:
    state = analysis.training.epoch_loop
    if not analysis.training_loops or state is None:
        return None, ()
    frameworks = set(analysis.frameworks)
    if frameworks & TENSORFLOW_ONLY and Framework.PYTORCH not in frameworks:
        # Checkpoints saves torch state_dicts: a Keras/TF model has none (nor torch, the image)
        warning = (
            f"{state.file}:{state.line}: the epoch loop trains no PyTorch model (a TensorFlow "
            "GradientTape loop?): not checkpointed; a restarted spot job trains from the start"
        )
        return None, (warning,)
    if not state.models:
        warning = (
            f"{state.file}:{state.line}: no model assigned before the epoch loop; no checkpoints"
        )
        return None, (warning,)
    # Every model and optimizer (a GAN's two of each): keyed by role when it is the only one.
    found = {"model": state.models, "optimizer": state.optimizers, "scheduler": state.schedulers}
    ordered = tuple(
        (role if len(names) == 1 else name, name)
        for role, names in found.items()
        for name in names
    )
    return CheckpointPlan(state.file, state.line, state.variable, ordered), ()
