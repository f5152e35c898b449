"""Plan records: which generated steps exist, in which variant, and why (issue 11: no stub).

Every optional artifact is a tagged union: present in one variant, or absent with a reason.

    PreprocessPlan = NoPreprocess | UserScriptPreprocess | DatasetPreprocess
    EvaluatePlan   = NoEvaluate | ModelEvaluate
    InferencePlan  = NoInference | ModelInference

The `kind` of each record is what templates and the renderer branch on; `reason` is what
`migrate` prints. `Artifact` is one line of migrate's report: complete, left out (why), or
needs review (file:line).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised only on Python 3.10

    class StrEnum(str, Enum):
        def __str__(self) -> str:
            return str(self.value)


class PreprocessKind(StrEnum):
    NONE = "none"  # the script's data folder goes in as its channel as it is
    USER_SCRIPT = "user_script"  # the user's own data-preparation script is the step
    TORCHVISION = "torchvision"  # stage and check an IDX dataset (MNIST)
    SKLEARN_BUNDLED = "sklearn_bundled"  # split a scikit-learn bundled dataset
    CSV = "csv"  # copy a CSV to the channel and export the script's own test split


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

    kind: PreprocessKind  # TORCHVISION | SKLEARN_BUNDLED | CSV
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


@dataclass(frozen=True)
class NoInference:
    reason: str
    kind: InferenceKind = InferenceKind.NONE


@dataclass(frozen=True)
class ModelInference:
    reason: str
    kind: InferenceKind = InferenceKind.MODEL


InferencePlan = NoInference | ModelInference


class GateSource(StrEnum):
    """What the quality gate compares with the threshold."""

    EVALUATION_REPORT = "evaluation_report"  # Evaluate's evaluation.json (a PropertyFile)
    TRAINING_METRIC = "training_metric"  # the TrainingStep's FinalMetricDataList[objective]
    NONE = "none"  # no metric at all: train -> register for manual approval


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
    gate: GateSource
    artifacts: tuple[Artifact, ...]
    left_out_files: tuple[str, ...]  # generated-project files not rendered (relative to OUT)
