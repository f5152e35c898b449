"""Optional steps of the generated pipeline: each present in a variant or left out with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model.facts import StrEnum

# ---- Optional steps: present in a variant, or left out with a reason (plan/steps.py) -----------
#
#     PreprocessPlan = NoPreprocess | UserScriptPreprocess | DatasetPreprocess
#     EvaluatePlan   = NoEvaluate | ModelEvaluate
#     InferencePlan  = NoInference | ModelInference
#
# `kind` is what templates and the renderer branch on; `reason` is what migrate prints.


class PreprocessKind(StrEnum):
    NONE = "none"  # the script's data folder goes in as its channel as it is
    USER_SCRIPT = "user_script"  # the user's own data-preparation script is the step
    TORCHVISION = "torchvision"  # stage and check an IDX dataset (MNIST)
    SKLEARN_BUNDLED = "sklearn_bundled"  # split a scikit-learn bundled dataset
    CSV = "csv"  # copy a CSV to the channel and export the script's own test split
    KERAS = "keras"  # stage the arrays a keras.datasets loader returns (plan/keras_datasets.py)
    HUB_DATASET = "hub_dataset"  # save_to_disk a Hub dataset (plan/huggingface_datasets.py)
    SKLEARN_FETCH = "sklearn_fetch"  # fill scikit-learn's cache in the channel (sklearn_fetchers)


@dataclass(frozen=True)
class NoPreprocess:
    reason: str
    kind: PreprocessKind = PreprocessKind.NONE


@dataclass(frozen=True)
class UserScriptPreprocess:
    """Run the user's script as the processing script, its output pointed at the channel."""

    script: str  # path under code/, e.g. "generate_data.py"
    arguments: tuple[str, ...]  # e.g. ("--out", "/opt/ml/processing/output/train/series.csv")
    reason: str
    kind: PreprocessKind = PreprocessKind.USER_SCRIPT


@dataclass(frozen=True)
class DatasetPreprocess:
    """A generated preprocess.py (templates/steps/preprocess/<kind>.py.jinja)."""

    kind: PreprocessKind  # TORCHVISION | SKLEARN_BUNDLED | CSV | KERAS
    reason: str


PreprocessPlan = NoPreprocess | UserScriptPreprocess | DatasetPreprocess


class EvaluateKind(StrEnum):
    NONE = "none"
    MODEL = "model"  # evaluate.py reloads the model and scores the held-out set


@dataclass(frozen=True)
class NoEvaluate:
    reason: str
    kind: EvaluateKind = EvaluateKind.NONE


@dataclass(frozen=True)
class ModelEvaluate:
    reason: str
    kind: EvaluateKind = EvaluateKind.MODEL


EvaluatePlan = NoEvaluate | ModelEvaluate


class InferenceKind(StrEnum):
    NONE = "none"
    MODEL = "model"
    SERVING = "serving"  # the framework's serving container serves the model itself (TF Serving)


@dataclass(frozen=True)
class NoInference:
    reason: str
    kind: InferenceKind = InferenceKind.NONE


@dataclass(frozen=True)
class ModelInference:
    reason: str
    kind: InferenceKind = InferenceKind.MODEL


@dataclass(frozen=True)
class ServingInference:
    """No inference.py: the serving container loads the model as it is (plan/keras.py)."""

    reason: str
    kind: InferenceKind = InferenceKind.SERVING


InferencePlan = NoInference | ModelInference | ServingInference


class ArtifactStatus(StrEnum):
    COMPLETE = "complete"
    LEFT_OUT = "left out"
    NEEDS_REVIEW = "needs review"


@dataclass(frozen=True)
class Artifact:
    name: str  # the generated file (relative to OUT) or step it stands for
    status: ArtifactStatus
    reason: str = ""  # why it is left out, or what to review
    where: str = ""  # file:line in the user's project the review concerns


@dataclass(frozen=True)
class StepsPlan:
    preprocess: PreprocessPlan
    evaluate: EvaluatePlan
    inference: InferencePlan
    artifacts: tuple[Artifact, ...]
    left_out_files: tuple[str, ...]  # generated-project files not rendered (relative to OUT)
    # False when the script writes no model file: nothing to register, no endpoint (a VAE that
    # only writes image grids); the pipeline trains and keeps its outputs.
    registers_model: bool = True
