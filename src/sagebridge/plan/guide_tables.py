"""The migration guide's tables: instance choices and each setting the migration moves."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model import MigrationPlan, ModelLoader

# Instance types the generated pipeline and deployment use (pipeline/pipeline.py.jinja,
# scripts/): the guide explains them; tests/generated checks the two agree.
PROCESSING_INSTANCE = "ml.m5.xlarge"
TRAINING_INSTANCE = "ml.m5.xlarge"
INFERENCE_INSTANCE = "ml.m5.large"


@dataclass(frozen=True)
class InstanceChoice:
    role: str
    instance_type: str
    reason: str


@dataclass(frozen=True)
class SettingChange:
    name: str
    before: str  # the value as found in the source
    location: str  # file:line
    after: str  # where the migrated script reads it from


def instance_choices(plan: MigrationPlan) -> tuple[InstanceChoice, ...]:
    training = (
        "CPU: the model is small enough to train on CPU; set the TrainingInstanceType parameter "
        "to ml.g4dn.xlarge (one NVIDIA T4) when epochs or data grow"
        if plan.model and plan.model.loader is ModelLoader.TORCH
        else f"CPU: {plan.framework.value} training here uses no GPU"
    )
    return (
        InstanceChoice(
            "Preprocess and Evaluate",
            PROCESSING_INSTANCE,
            "Single-node numpy/pandas work on one data set (parameter ProcessingInstanceType)",
        ),
        InstanceChoice("Train", TRAINING_INSTANCE, training),
        InstanceChoice(
            "Endpoint",
            INFERENCE_INSTANCE,
            "One model, small payloads: a general-purpose size that holds the framework image",
        ),
    )


def setting_changes(plan: MigrationPlan) -> tuple[SettingChange, ...]:
    """Each hard-coded path and setting the migration moves, before and after."""
    rows: list[SettingChange] = []
    for channel in plan.channels:
        rows.append(
            SettingChange(
                channel.variable or "data path",
                repr(channel.fallback),
                f"{channel.file}:{channel.line}",
                f"${channel.env} (fallback {channel.fallback!r})",
            )
        )
    for path in plan.paths:
        target = f"${path.env}" + (f"/{path.filename}" if path.filename else "")
        rows.append(
            SettingChange(
                path.variable or path.role.value,
                repr(path.value),
                f"{path.file}:{path.line}",
                target,
            )
        )
    for hp in plan.hyperparameters:
        rows.append(
            SettingChange(
                hp.name,
                repr(hp.default),
                f"{hp.file}:{hp.line}",
                f"hyperparameter {hp.flag} (default {hp.default!r})",
            )
        )
    return tuple(rows)


def command_line(plan: MigrationPlan) -> str:
    """How SageMaker starts the script: every hyperparameter as `--name value`."""
    arguments = " ".join(f"{hp.flag} {hp.default}" for hp in plan.hyperparameters)
    return f"python {plan.entry_point} {arguments}".rstrip()
