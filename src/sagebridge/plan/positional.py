"""Positional sys.argv arguments (analyze/positional.py) rebuilt in the container.

SageMaker passes hyperparameters as `--name value`; a script reading `sys.argv[1]` gets
`--alpha`. The migrated script puts each slot back at its position before the script reads
sys.argv (sagebridge_runtime.positional_argv), only inside SageMaker:

    slot with a default (alpha = 0.5)    -> the hyperparameter --alpha, else "0.5"
    data path with no default (input)    -> the training channel's folder (a channel is added)
    model path with no default (output)  -> SM_MODEL_DIR/<the model file inference.py loads>

A slot with no default whose use is unknown stops the rebuild there and is named to the user.
"""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import (
    Analysis,
    ArgvPlan,
    ArgvSlot,
    ChannelPlan,
    PathRole,
    PositionalArgument,
    SaveFormat,
)

MODEL_FILES = {
    SaveFormat.JOBLIB: "model.joblib",
    SaveFormat.PICKLE: "model.joblib",  # joblib.load reads a plain pickle too
    SaveFormat.XGBOOST: "xgboost-model.json",
}


def model_file_of(analysis: Analysis, path: str | None) -> str | None:
    """The file a save into a positional model path writes in SM_MODEL_DIR, else None."""
    for argument in analysis.positional_arguments:
        if argument.role is PathRole.MODEL and argument.name == path:
            save = next(s for s in analysis.model_saves if s.path == path)
            return MODEL_FILES.get(save.format, f"model.{save.format}")
    return None


def plan_argv(
    analysis: Analysis, channels: tuple[ChannelPlan, ...]
) -> tuple[ArgvPlan | None, tuple[ChannelPlan, ...], tuple[str, ...]]:
    """The slots, the channels with one for a positional data path, and warnings."""
    arguments = analysis.positional_arguments
    if not arguments:
        return None, channels, ()
    slots: list[ArgvSlot] = []
    warnings: list[str] = []
    for argument in arguments:
        slot = _slot(analysis, argument, channels)
        if slot is None:
            warnings.append(
                f"{argument.file}:{argument.line}: {argument.name} is read from "
                f"sys.argv[{argument.index}] with no default, and it is not a data or model "
                f"path: inside SageMaker it stays unset; give it a default in code/{argument.file}"
            )
            break
        if slot.env is not None and slot.env not in {c.env for c in channels} and (
            argument.role is PathRole.DATA
        ):
            channels += (_channel(argument, channels),)
        slots.append(slot)
    return ArgvPlan(arguments[0].file, tuple(slots)), channels, tuple(warnings)


def _slot(
    analysis: Analysis, argument: PositionalArgument, channels: tuple[ChannelPlan, ...]
) -> ArgvSlot | None:
    flag = f"--{argument.name.lower()}"
    if argument.default is not None:
        return ArgvSlot(flag, default=str(argument.default))
    if argument.role is PathRole.DATA:
        env = channels[0].env if channels else contract.channel_env(
            contract.DEFAULT_TRAINING_CHANNEL
        )
        return ArgvSlot(flag, env=env)
    if argument.role is PathRole.MODEL:
        return ArgvSlot(
            flag, env=contract.ENV_MODEL_DIR, file_name=model_file_of(analysis, argument.name)
        )
    return None


def _channel(argument: PositionalArgument, channels: tuple[ChannelPlan, ...]) -> ChannelPlan:
    """The channel a positional data path reads; line 0: there is no literal to rewrite."""
    name = contract.DEFAULT_TRAINING_CHANNEL if not channels else f"{argument.name}"
    return ChannelPlan(
        name=name,
        env=contract.channel_env(name),
        fallback=".",
        file=argument.file,
        line=0,
        variable=argument.name,
    )
