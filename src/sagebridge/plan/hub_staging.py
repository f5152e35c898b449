"""A Hub model id the script fetches at run time, staged as data so the job needs no internet.

Before (the user's train.py)                              After (the pipeline's parameter)
    parser.add_argument("--model_name_or_path",               model_name_or_path default:
                        default="org/tiny-bert")              "/opt/ml/input/data/training/org--tiny-bert"
    AutoModel.from_pretrained(args.model_name_or_path)

`from_pretrained` takes a folder as well as an id. The user saves the model (and its tokenizer)
once with `save_pretrained("org--tiny-bert")` (or `hf download ... --local-dir`), uploads the
folder with the data, and the pipeline passes the channel's copy by default: a job with network
isolation or in a VPC without NAT trains without the Hub. `-p model_name_or_path=org/tiny-bert`
downloads from the Hub again. Only when the setting is a pipeline parameter, its default is the
id, and the training job reads the channel as uploaded (no Preprocess step in between). A script
that reads no data folder gets a `training` channel for the folder.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace

from sagebridge import contract
from sagebridge.model import Analysis, ChannelPlan, DatasetDownload, HyperparameterPlan
from sagebridge.model.steps import PreprocessKind, StepsPlan


def hub_folder(hub_id: str) -> str:
    """The folder the saved model goes in: `org/name` -> `org--name` (one level in the channel)."""
    return hub_id.replace("/", "--")


def _hub_models(analysis: Analysis) -> list[DatasetDownload]:
    return [d for d in analysis.dataset_downloads if d.hub == "model"]


def _settings(analysis: Analysis) -> set[str]:
    """The string defaults of the analysed settings (argparse options, constants)."""
    return {h.default for h in analysis.hyperparameters if isinstance(h.default, str)}


def with_hub_channel(
    analysis: Analysis, channels: tuple[ChannelPlan, ...]
) -> tuple[ChannelPlan, ...]:
    """A `training` channel for the staged folder when the script reads no data folder and a
    Hub id is a setting's default. Line 0: no literal in the script reads it."""
    if channels or not any(d.dataset in _settings(analysis) for d in _hub_models(analysis)):
        return channels
    name = contract.DEFAULT_TRAINING_CHANNEL
    entry = analysis.entry_point
    return (ChannelPlan(name=name, env=contract.channel_env(name), fallback="", file=entry, line=0),)


def staged_hub_defaults(
    analysis: Analysis,
    hyperparameters: tuple[HyperparameterPlan, ...],
    channels: tuple[ChannelPlan, ...],
    steps: StepsPlan,
) -> tuple[tuple[HyperparameterPlan, ...], tuple[str, ...]]:
    """The hyperparameters with each Hub-id default replaced by the channel folder, and a note
    per replaced setting (what to upload, how to use the Hub instead)."""
    if not channels or steps.preprocess.kind is not PreprocessKind.NONE:
        return hyperparameters, ()
    channel = channels[0].name
    by_id = {d.dataset: d for d in _hub_models(analysis)}
    staged: list[HyperparameterPlan] = []
    notes: list[str] = []
    for hp in hyperparameters:
        read = by_id.get(hp.default) if isinstance(hp.default, str) else None
        if read is None or hp.type not in ("str", ""):
            staged.append(hp)
            continue
        folder = hub_folder(read.dataset)
        path = posixpath.join(contract.container_path(contract.INPUT_DATA_DIR), channel, folder)
        staged.append(replace(hp, default=path, tuning=None))
        notes.append(
            f"{read.file}:{read.line}: {hp.name} defaults to the Hub id {read.dataset!r}; the "
            f"pipeline passes {path} so the job needs no internet: save the model and its "
            f"tokenizer with save_pretrained({folder!r}) and upload that folder with the "
            f"'{channel}' channel's data (-p {hp.name}={read.dataset} downloads from the Hub)"
        )
    return tuple(staged), tuple(notes)
