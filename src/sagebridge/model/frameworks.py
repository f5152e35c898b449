"""What the plan decides for one framework's scripts: Lightning, Keras, an Accelerate launch,
the Hugging Face images. Imported from `sagebridge.model` with the other decisions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LightningPlan:
    """How a PyTorch Lightning script meets the container contract (plan/lightning.py): the
    generated `sagebridge_lightning.install(...)` adapts every Trainer it builds."""

    metrics: tuple[tuple[str, str], ...]  # (label given to self.log, metric name logged)
    monitor: str | None  # the self.log label ModelCheckpoint keeps the best of
    mode: str  # "min" | "max"
    cli: bool = False  # a LightningCLI script: `fit` and its config are the default
    cli_subcommand: bool = True  # False for LightningCLI(run=False): no `fit` is inserted
    cli_config: str | None = None  # the LightningCLI config beside the entry (relative to it)
    # (dotted config key, channel env var, path inside the channel): the config's data paths
    cli_paths: tuple[tuple[str, str, str], ...] = ()
    # labels logged from a training hook: read when the training epoch ends (aggregated)
    train_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class KerasPlan:
    """Keras/tf.keras training (plan/keras.py): export for TF Serving, checkpoints for spot."""

    file: str
    model_variable: str  # the model `fit` trains
    export_line: int  # the statement after which it is exported to SM_MODEL_DIR
    checkpoint_literals: tuple[tuple[int, str], ...] = ()  # (line, value) of checkpoint folders
    backup_fit: int | None = None  # a `fit` call that gets BackupAndRestore (no checkpoints)
    backup_callbacks: bool = False  # that call already passes callbacks=
    artifacts: tuple[str, ...] = ()  # what lands in SM_MODEL_DIR: "1" (SavedModel), the .keras
    backend: str = "tensorflow"  # KERAS_BACKEND as the script sets it (plan/keras_backend.py)


@dataclass(frozen=True)
class LaunchPlan:
    """How the training job starts the script when it is not `python entry.py` (plan/
    huggingface_launch.py): `torchrun`, one process per GPU of the instance (one on a CPU
    instance), as `accelerate launch` would on the same machine."""

    launcher: str  # "torchrun": ModelTrainer(distributed=Torchrun())
    file: str
    line: int  # the `Accelerator(...)` call that makes the script a per-process one
    note: str  # one sentence for the guide and migrate's output
    accelerate: bool = True  # an `Accelerator` script; False: one that reads torchrun's variables


@dataclass(frozen=True)
class HuggingFaceImages:
    """The Hugging Face DLCs (plan/huggingface_images.py): transformers version, PyTorch base."""

    training_version: str  # transformers, e.g. "5.3.0"
    training_base: str  # the SDK's base_framework_version, e.g. "pytorch2.9.0"
    training_py_version: str  # "py312"
    inference_version: str
    inference_base: str
    inference_py_version: str
