"""PyTorch Lightning: what the generated `sagebridge_lightning.install(...)` is told.

    self.log("val_acc", acc)            -> metrics (("val_acc", "validation_accuracy"),): logged
                                           once per epoch from trainer.callback_metrics (the
                                           epoch aggregate), not after every batch
    objective validation_accuracy (max) -> ModelCheckpoint(monitor="val_acc", mode="max")
    LightningCLI(Model, DataModule)     -> cli: `fit` (and the config beside the script) when
                                           SageMaker passes only `--name value` flags
    config.yaml  data: {csv_path: data/wine.csv}, channel `data` -> SM_CHANNEL_TRAINING
                                        -> cli_paths (("data.csv_path", "SM_CHANNEL_TRAINING",
                                           "wine.csv"),)

    self.log_dict({"val_loss": l, "val_mae": m}) -> metrics (("val_loss", "validation_loss"),
                                           ("val_mae", "validation_mae"))
    self.log("loss", loss, on_epoch=True) in training_step
                                        -> train_labels ("loss",): read when the training epoch
                                           ends, once Lightning has aggregated it

Only literal labels are taken over (a `log_dict` of a literal dict or of a dict variable with
literal keys); any other logging call keeps the per-call logging of transform/metrics.py.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from sagebridge import contract
from sagebridge.analyze.lightning_logs import TRAIN
from sagebridge.model import (
    Analysis,
    ChannelPlan,
    Framework,
    LightningPlan,
    MetricPhase,
    MetricPlan,
    MetricReport,
    ModelPlan,
)
from sagebridge.model.model_build import TorchModelFacts
from sagebridge.model.training import LightningFacts, Logged
from sagebridge.plan.fidelity import without_constructor_notes
from sagebridge.plan.metrics import metric_name

# Top-level keys of a LightningCLI config (`python main.py fit --print_config`).
CLI_KEYS = frozenset(
    {"seed_everything", "trainer", "model", "data", "optimizer", "lr_scheduler", "ckpt_path"}
)
YAML_SUFFIXES = (".yaml", ".yml")


def _label_of(metric: MetricPlan, logged: list[Logged]) -> Logged | None:
    """The label at the metric's line: the one whose value is the metric's expression (a
    `log_dict` reports several at one line), else the line's only label."""
    at_line = [entry for entry in logged if entry.line == metric.line]
    same_value = [entry for entry in at_line if entry.value == metric.expression]
    if len(same_value) == 1:
        return same_value[0]
    # a shared step logs one label per calling hook at one line: the metric's phase picks it
    same_stage = [e for e in same_value if e.stage and metric.name.startswith(f"{e.stage}_")]
    if len({entry.label for entry in same_stage}) == 1:
        return same_stage[0]
    return at_line[0] if len(at_line) == 1 else None


def lightning_metrics(
    metrics: tuple[MetricPlan, ...], found: LightningFacts
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(self.log label, metric name) of each metric a `self.log`/`self.log_dict` call reports,
    and the labels among them logged from a training hook (read at the training epoch's end,
    when Lightning has aggregated them)."""
    logged = {labels.file: list(labels.labels) for labels in found.logged}
    pairs: list[tuple[str, str]] = []
    train: list[str] = []
    for metric in metrics:
        if metric.reported_by is not MetricReport.LOG_CALL or metric.file not in logged:
            continue
        entry = _label_of(metric, logged[metric.file])
        if entry is None or (entry.label, metric.name) in pairs:
            continue
        pairs.append((entry.label, metric.name))
        stage = entry.stage or (TRAIN if metric.name.startswith(f"{TRAIN}_") else None)
        if stage == TRAIN and entry.label not in train:
            train.append(entry.label)
    return tuple(pairs), tuple(train)


def _cli_config(entry: str, settings: Mapping[str, bytes]) -> tuple[str, dict[str, Any]] | None:
    """The LightningCLI config in the entry's folder: a YAML file whose top-level keys are the
    CLI's (`trainer`, `model`, `data`...); `config.yaml` first, then by name."""
    import yaml  # here, for LightningCLI scripts only: ~30 ms of every other migrate

    folder = posixpath.dirname(entry)
    candidates = sorted(
        (path for path in settings if path.endswith(YAML_SUFFIXES)),
        key=lambda path: (posixpath.splitext(posixpath.basename(path))[0] != "config", path),
    )
    for path in candidates:
        if posixpath.dirname(path) != folder:
            continue
        try:
            content = yaml.safe_load(settings[path].decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        is_cli = isinstance(content, dict) and content and set(content) <= CLI_KEYS
        if is_cli and set(content) & {"trainer", "model", "data"}:
            return posixpath.relpath(path, folder or "."), content
    return None


def _leaves(node: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{prefix}{key}.")
    elif isinstance(node, str):
        yield prefix.rstrip("."), node


def _normal(path: str) -> str:
    return posixpath.normpath(path).removeprefix("./")


def _config_paths(
    config: dict[str, Any], channels: tuple[ChannelPlan, ...]
) -> tuple[tuple[str, str, str], ...]:
    """The config's values inside a channel's folder, as (dotted key, env var, rest)."""
    found: list[tuple[str, str, str]] = []
    for key, value in _leaves(config):
        for channel in channels:
            folder = _normal(channel.fallback)
            if posixpath.isabs(folder) or folder in ("", "."):
                continue
            if _normal(value) == folder or _normal(value).startswith(folder + "/"):
                rest = _normal(value)[len(folder) :].lstrip("/")
                found.append((key, channel.env, rest))
                break
    return tuple(found)


def plan_lightning(
    analysis: Analysis,
    metrics: tuple[MetricPlan, ...],
    objective: tuple[str | None, bool],
    channels: tuple[ChannelPlan, ...],
    settings: Mapping[str, bytes] | None = None,
) -> LightningPlan | None:
    """None for a script that does not use Lightning."""
    found = analysis.training.lightning
    if Framework.LIGHTNING not in analysis.frameworks or found is None:
        return None
    pairs, train = lightning_metrics(metrics, found)
    name, greater = objective
    monitor = next(
        (label for label, metric in pairs if metric == name and not metric.startswith("test")),
        None,
    )
    cli = found.cli_line is not None
    config = _cli_config(analysis.entry_point, settings or {}) if cli else None
    return LightningPlan(
        metrics=pairs,
        train_labels=train,
        monitor=monitor,
        mode="max" if greater else "min",
        cli=cli,
        cli_subcommand=found.cli_runs_subcommand,
        cli_config=config[0] if config else None,
        cli_paths=_config_paths(config[1], channels) if config else (),
    )


def _loads_from_checkpoint(model: ModelPlan, built: TorchModelFacts | None) -> bool:
    """`Class.load_from_checkpoint(model.ckpt)` rebuilds the module: it is a LightningModule
    that saves its constructor arguments (`self.save_hyperparameters()`) or needs none."""
    if built is None or not built.lightning_module:
        return False
    return built.saves_hyperparameters or not model.constructor_args.strip()


def lightning_model(analysis: Analysis, model: ModelPlan | None) -> ModelPlan | None:
    """The model plan without the validation metrics `self.log` reports: Lightning measures
    them on the DataModule's validation split, which is not the test set evaluate.py scores,
    so the gate reads them from the training job instead. A LightningModule that
    `load_from_checkpoint` can rebuild is loaded that way (model.ckpt, beside the state_dict and
    TorchScript sagebridge_lightning exports), as Lightning users load theirs: the
    hyperparameters it saved, not the script's defaults, size its layers."""
    if model is None or Framework.LIGHTNING not in analysis.frameworks:
        return model
    validation = {
        metric_name(m.name)
        for m in analysis.metrics
        if m.reported_by is MetricReport.LOG_CALL and m.phase is MetricPhase.VALIDATION
    }
    kept = tuple(m for m in model.measured_metrics if m.name not in validation)
    changes: dict[str, Any] = {}
    if kept != model.measured_metrics:
        changes["measured_metrics"] = kept
    if model.loader == "torch" and _loads_from_checkpoint(model, analysis.training.model):
        changes["checkpoint_file"] = contract.LIGHTNING_CHECKPOINT_FILE
        changes["artifacts"] = (contract.LIGHTNING_CHECKPOINT_FILE, *model.artifacts)
        if not kept:  # no evaluate.py rebuilds it: inference.py loads it with its own arguments
            changes["notes"] = without_constructor_notes(model.notes)
    return replace(model, **changes) if changes else model
