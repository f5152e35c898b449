"""Which part of docs/MIGRATION_GUIDE.md says each thing that differs by variant, chosen here so
the guide's template only includes and prints (plan/step_templates.py does the same for code).

    ec2-mnist: GuideParts(preprocess=".../_preprocess/torchvision.md.jinja",
                          evaluate_load=".../_evaluate_load/torch.md.jinja",
                          model_saving=".../_model_saving/torch.md.jinja",
                          upload=".../_upload/torchvision_files.md.jinja", ...)
"""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model import MigrationPlan, ModelLoader
from sagebridge.model.datasets import DatasetKind, HubDataset, TorchvisionDataset
from sagebridge.model.facts import StrEnum
from sagebridge.model.steps import PreprocessKind
from sagebridge.plan.aws_steps import uploads_data

GUIDE_PARTS = "project/docs/_guide"


class GuidePreprocess(StrEnum):
    """What the guide says the Preprocess step does."""

    TORCHVISION = "torchvision"  # stages and checks IDX files
    KERAS = "keras"  # runs the Keras loader on the uploaded published files
    SKLEARN_FETCH = "sklearn_fetch"  # runs the fetcher into the training channel
    SKLEARN_BUNDLED = "sklearn_bundled"  # exports the script's split of a bundled set
    CHECKED = "checked"  # checks a table and writes the script's split (CSV and the rest)
    NONE = "none"  # not generated


class GuideModelSaving(StrEnum):
    """How the model is saved, as the guide's "Model Saving Strategy" explains it."""

    TORCH = "torch"  # state_dict and TorchScript
    HUGGINGFACE = "huggingface"  # the save_pretrained folder
    MODEL_FILE = "model_file"  # the one file the script saves
    NONE = "none"  # no save recognised


class GuideUpload(StrEnum):
    """The guide's "Immediate Actions" step 2: what to upload before a pipeline run."""

    S3 = "s3"  # the script reads S3 itself: nothing
    NO_UPLOAD = "no_upload"  # nothing for upload-data to fill (aws_steps.no_upload_reason says why)
    URL = "url"  # the files the script downloads from URLs
    KERAS = "keras"  # the published files a Keras loader reads
    TORCHVISION_FILES = "torchvision_files"  # the raw IDX files, downloaded by hand
    CSV = "csv"  # the CSV file
    UNRECOGNISED = "unrecognised"  # data loaded in a way sagebridge did not recognise


@dataclass(frozen=True)
class GuideParts:
    preprocess: str  # the Preprocess step's description (an inline part)
    evaluate_load: str  # what evaluate.py loads (an inline part); "" without a model
    model_saving: str  # Decision 2, the model saving strategy
    upload: str  # Immediate Actions, step 2
    # The Hub dataset the Preprocess step stages ("" for none): the guide's list of Hub ids
    # says it is staged for the user.
    staged_hub_dataset: str
    stages_hub_dataset: bool  # the Preprocess step is the Hub dataset's download


def guide_parts(plan: MigrationPlan) -> GuideParts:
    model, dataset = plan.model, plan.dataset
    saving = (
        GuideModelSaving.NONE if model is None
        else GuideModelSaving.TORCH if model.loader is ModelLoader.TORCH
        else GuideModelSaving.HUGGINGFACE if model.loader is ModelLoader.HUGGINGFACE
        else GuideModelSaving.MODEL_FILE
    )
    preprocess = plan.steps.preprocess.kind if plan.steps is not None else PreprocessKind.NONE
    return GuideParts(
        preprocess=_part("_preprocess", _preprocess(plan)),
        evaluate_load=(
            "" if model is None
            else _part("_evaluate_load", "torch" if model.loader is ModelLoader.TORCH
                       else "model_file")
        ),
        model_saving=_part("_model_saving", saving),
        upload=_part("_upload", _upload(plan)),
        staged_hub_dataset=dataset.name if isinstance(dataset, HubDataset) else "",
        stages_hub_dataset=preprocess is PreprocessKind.HUB_DATASET,
    )


_DESCRIBED = {DatasetKind.TORCHVISION: GuidePreprocess.TORCHVISION,
              DatasetKind.KERAS: GuidePreprocess.KERAS,
              DatasetKind.SKLEARN_FETCH: GuidePreprocess.SKLEARN_FETCH,
              DatasetKind.SKLEARN_BUNDLED: GuidePreprocess.SKLEARN_BUNDLED}


def _preprocess(plan: MigrationPlan) -> GuidePreprocess:
    if plan.dataset is None:
        return GuidePreprocess.NONE
    return _DESCRIBED.get(plan.dataset.kind, GuidePreprocess.CHECKED)


def _upload(plan: MigrationPlan) -> GuideUpload:
    dataset = plan.dataset
    if plan.s3 is not None and plan.s3.uri:
        return GuideUpload.S3
    if not uploads_data(plan):
        return GuideUpload.NO_UPLOAD
    if any(read.url for read in plan.analysis.dataset_downloads):
        return GuideUpload.URL
    if dataset is not None and dataset.kind is DatasetKind.KERAS:
        return GuideUpload.KERAS
    if isinstance(dataset, TorchvisionDataset) and dataset.manual_download:
        return GuideUpload.TORCHVISION_FILES
    if dataset is not None and dataset.kind is DatasetKind.CSV:
        return GuideUpload.CSV
    return GuideUpload.UNRECOGNISED


def _part(folder: str, variant: str) -> str:
    return f"{GUIDE_PARTS}/{folder}/{variant}.md.jinja"
