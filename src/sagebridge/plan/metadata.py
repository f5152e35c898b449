"""metadata.json of the generated project: the facts every artifact shares (names, channels,
hyperparameters, metrics, images...), as plain data, for validate, the scripts and the CLI."""

from __future__ import annotations

from typing import Any

from sagebridge import __version__, contract
from sagebridge.model import DatasetPlan, MigrationPlan
from sagebridge.model.datasets import CsvDataset, KerasDataset, TorchvisionDataset
from sagebridge.plan.guide_tables import INFERENCE_INSTANCE, PROCESSING_INSTANCE, TRAINING_INSTANCE

METADATA_SCHEMA = 1  # preprocess.py's measured counts, next to the test set


def project_metadata(plan: MigrationPlan, components: dict[str, int]) -> dict[str, Any]:
    """The shared facts of the generated project, as plain data (the `json` filter sorts keys)."""
    model, dataset = plan.model, plan.dataset
    return {
        "schema": METADATA_SCHEMA,
        "generator": {"name": "sagebridge", "version": __version__},
        "project": plan.names.project,
        "names": plan.names,
        "entry_point": plan.entry_point,
        "framework": plan.framework,
        "layout": plan.layout,
        "channels": {channel.name: channel.env for channel in plan.channels},
        "hyperparameters": {
            hp.name: {"flag": hp.flag, "default": hp.default, "type": hp.type}
            for hp in plan.hyperparameters
        },
        "metrics": {
            metric.name: {"regex": metric.regex, "greater_is_better": metric.greater_is_better}
            for metric in plan.metrics
        },
        "objective_metric": plan.objective_metric,
        "quality_threshold": plan.quality_threshold,
        "evaluation_metrics": [m.name for m in model.measured_metrics] if model else [],
        "model": None
        if model is None
        else {
            "class_name": model.class_name,
            "framework": model.framework,
            "loader": model.loader,
            "artifacts": model.artifacts,
        },
        "dataset": None if dataset is None else _dataset(dataset),
        # The endpoint's first variant, as `sagebridge endpoint` names it (what the alarms watch).
        "serving": {"primary_variant": contract.PRIMARY_VARIANT},
        "instances": {
            "processing": PROCESSING_INSTANCE,
            "training": TRAINING_INSTANCE,
            "inference": INFERENCE_INSTANCE,
        },
        "requirements": plan.requirements,
        # The framework images (plan/images.py) and their containers' Python, which validate's
        # python-version check holds the code to.
        "images": plan.images,
        "components": components,  # what render_project writes besides the code, by kind
    }


def _dataset(dataset: DatasetPlan) -> dict[str, Any]:
    """The data every kind records: what is uploaded (raw files) and where the script reads it."""
    manual_download, channel_subdir = False, ""
    raw_files: tuple[str, ...] = ()
    if isinstance(dataset, TorchvisionDataset):
        manual_download, raw_files = dataset.manual_download, dataset.raw_files
        channel_subdir = dataset.channel_subdir
    elif isinstance(dataset, KerasDataset):
        manual_download, raw_files = dataset.manual_download, dataset.raw_files
    elif isinstance(dataset, CsvDataset):
        channel_subdir = dataset.channel_subdir
    return {
        "kind": dataset.kind,
        "name": dataset.name,
        "manual_download": manual_download,
        "raw_files": raw_files,
        "channel_subdir": channel_subdir,
    }
