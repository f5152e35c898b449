"""Decisions made by the plan: what transforms and templates receive and never re-detect."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sagebridge.model.choices import (
    ImageFamily,
    MeasuredKind,
    ModelLoader,
    S3CallKind,
    TuningKind,
    TuningScaling,
)
from sagebridge.model.datasets import DatasetPlan
from sagebridge.model.edits import SourceEdits
from sagebridge.model.facts import (
    Analysis,
    Framework,
    Hazard,
    HyperparameterOrigin,
    Literal,
    MetricReport,
    PathRole,
    SaveFormat,
    StrEnum,
)
from sagebridge.model.frameworks import HuggingFaceImages, KerasPlan, LaunchPlan, LightningPlan
from sagebridge.model.steps import StepsPlan

# ---------------------------------------------------------------------------------------------
# Decisions made by the plan. Transforms and templates receive these and never re-detect.


@dataclass(frozen=True)
class Names:
    """Every AWS-facing name, derived once from the project and shared by all artifacts."""

    project: str  # slug, e.g. "ec2-mnist"
    stack: str
    pipeline: str
    model_package_group: str
    endpoint: str
    role: str
    bucket_prefix: str  # the template appends account id and region to make the bucket unique
    base_job: str


@dataclass(frozen=True)
class ChannelPlan:
    name: str  # "training"
    env: str  # "SM_CHANNEL_TRAINING"
    fallback: str  # the original hard-coded value, kept so the script still runs on a laptop
    file: str
    line: int
    variable: str | None = None
    filename: str | None = None  # when the hard-coded path names a file inside the channel folder


@dataclass(frozen=True)
class S3Call:
    """One S3 call the S3 transform redirects in the job (transform/s3_access.py)."""

    kind: S3CallKind
    file: str
    line: int
    method: str = ""  # the call's last name: "download_file", "read_csv"
    target_env: str = ""  # an upload or write: the folder it lands in in the job (SM_MODEL_DIR...)
    on_bucket: bool = False  # a bucket resource's method: no Bucket argument


@dataclass(frozen=True)
class S3Plan:
    """The S3 location the script reads itself, fed to the job as a channel (plan/s3_data.py):
    the pipeline's data parameter defaults to `uri`, the role may read only there."""

    uri: str  # "s3://acme-data/churn/v1": the channel's S3 prefix
    bucket: str
    prefix: str  # "churn/v1" ("" for the whole bucket)
    channel_env: str  # "SM_CHANNEL_TRAINING"
    calls: tuple[S3Call, ...] = ()


@dataclass(frozen=True)
class TuningRange:
    kind: TuningKind
    min_value: float
    max_value: float
    scaling: TuningScaling


@dataclass(frozen=True)
class HyperparameterPlan:
    name: str
    flag: str  # the command-line spelling SageMaker will pass, e.g. "--batch_size"
    default: Literal
    type: str
    origin: HyperparameterOrigin
    file: str
    line: int
    hazard: Hazard | None = None
    tuning: TuningRange | None = None
    required: bool = False  # the pipeline parameter has no default: run/execute need -p NAME=


@dataclass(frozen=True)
class MetricPlan:
    name: str  # "test_accuracy"
    regex: str  # CloudWatch metric-definition regex over the `name=value;` log line
    expression: str
    file: str
    line: int
    greater_is_better: bool = True
    held_out: bool = True
    reported_by: MetricReport = MetricReport.PRINT
    also_at: tuple[tuple[int, str], ...] = ()  # later report sites: (line, expression)


class GateSource(StrEnum):
    """What the pipeline's quality gate compares with the threshold (plan/metrics.py)."""

    EVALUATION = "evaluation"  # the Evaluate step's report (evaluate.py recomputes the metric)
    TRAINING_METRIC = "training_metric"  # the TrainingStep's FinalMetricDataList (its own log)
    NONE = "none"  # no metric: train -> register for manual approval, no gate


@dataclass(frozen=True)
class ModelPlan:
    """How to rebuild the user's model outside their script (evaluation, inference)."""

    class_name: str  # "Net"
    constructor_args: str  # source of the call's arguments, e.g. "" or "num_classes=10"
    definition: str  # source that rebuilds it standalone: the imports it needs + the class
    framework: Framework
    artifacts: tuple[str, ...]  # files the migrated script writes to SM_MODEL_DIR
    # Added by plan/model_code.py (all defaulted so older constructions keep working).
    loader: ModelLoader = ModelLoader.JOBLIB  # how evaluate/inference load it
    state_dict_file: str = ""  # PyTorch: the state_dict file (contract.STATE_DICT_FILE)
    torchscript_file: str = ""  # PyTorch: the TorchScript file (contract.TORCHSCRIPT_FILE)
    model_file: str = ""  # sklearn/xgboost: the single file the migrated script writes
    source_file: str = ""  # where the class (or estimator) is defined in the user's project
    source_line: int = 0
    measured_metrics: tuple[MeasuredMetric, ...] = ()  # what evaluate.py can recompute
    notes: tuple[str, ...] = ()  # what could not be carried over, for the guide
    task: str = ""  # Hugging Face: the transformers pipeline task inference.py serves
    # Lightning: the checkpoint inference.py loads first, with `Class.load_from_checkpoint`
    checkpoint_file: str = ""
    # The settings `constructor_args` reads from the training job's hyperparameter file
    # (`hyperparameters.get("hidden", 128)`), as (name, lookup): the runtime records each as the
    # script parsed it, from an argparse Namespace ("namespace") or a variable ("variable").
    hyperparameter_args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PipelineLayout:
    """Step names and processing input/output names and container paths (see plan/layout.py)."""

    preprocess_step: str
    train_step: str
    tune_step: str
    evaluate_step: str
    gate_step: str
    register_step: str
    fail_step: str
    raw_input: str  # Preprocess reads the user's raw data here
    raw_input_path: str
    train_output: str  # Preprocess writes the training channel's content here
    train_output_path: str
    test_output: str  # Preprocess writes the held-out test set here
    test_output_path: str
    model_input: str  # Evaluate receives model.tar.gz here
    model_input_path: str
    test_input: str  # Evaluate receives Preprocess's test output here
    test_input_path: str
    evaluation_output: str  # Evaluate writes the report here; the PropertyFile's output_name
    evaluation_output_path: str
    property_file: str
    report_file: str  # "evaluation.json", the PropertyFile's path


@dataclass(frozen=True)
class PathPlan:
    """A hard-coded model/output path and the container folder that replaces it in SageMaker."""

    role: PathRole
    env: str  # "SM_MODEL_DIR", "SM_OUTPUT_DATA_DIR"
    fallback: str  # the original folder, used when the variable is unset (a laptop run)
    file: str
    line: int
    value: str  # the literal as written, e.g. "./models/model.pth"
    variable: str | None = None
    filename: str | None = None  # when the literal names a file inside that folder
    # A file the script saves and resumes from itself (ResumeFile): in the training job it lives
    # in the checkpoint folder, copied into SM_MODEL_DIR when the script ends.
    resume: bool = False


@dataclass(frozen=True)
class SavePlan:
    """A model save the migration extends (PyTorch: state_dict `model.pth` + TorchScript)."""

    call: str  # "torch.save"
    format: SaveFormat
    file: str
    line: int
    path: str | None  # source of the destination argument
    model_variable: str | None  # the module being saved, e.g. "model" for "model.state_dict()"
    sample_batch: str | None = None  # a DataLoader whose first batch traces it if scripting fails
    # A model logged to an MLflow run (`mlflow.sklearn.log_model`): the file in SM_MODEL_DIR the
    # migrated script also writes it to, so the registered model.tar.gz holds it.
    copy_to: str | None = None
    # The destination is computed at run time (`"model_epoch_{}.pth".format(epoch)`): the save
    # call's path is wrapped in `sagebridge_runtime.model_file(...)`, which puts it in
    # SM_MODEL_DIR inside SageMaker and leaves it as it is elsewhere.
    into_model_dir: bool = False


@dataclass(frozen=True)
class ArgvSlot:
    """One positional argument as the migrated script rebuilds it inside SageMaker."""

    flag: str  # the hyperparameter SageMaker passes it as (`--alpha`)
    default: str | None = None  # the script's own default, as the string it would read
    env: str | None = None  # else the SageMaker folder variable it comes from (SM_MODEL_DIR)
    file_name: str | None = None  # joined to that folder: the model file the script writes


@dataclass(frozen=True)
class ArgvPlan:
    file: str
    slots: tuple[ArgvSlot, ...]  # sys.argv[1], sys.argv[2]... in order


@dataclass(frozen=True)
class CheckpointPlan:
    """Per-epoch checkpoints in the epoch loop, and resume from the latest one (spot training)."""

    file: str
    line: int  # the epoch loop
    variable: str  # the loop variable, e.g. "epoch"
    # (keyword, variable): ("model", "model"); several of a role are keyed by name ("netG", "netG")
    state: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ResumePlan:
    """The script's own resume option (`--resume_from_checkpoint`, default None) defaults to the
    newest folder of the checkpoint dir, so a restarted spot job resumes (plan/huggingface.py);
    with no such option, a bare `trainer.train()` is given that folder."""

    file: str
    line: int  # the add_argument call, or the `trainer.train()` call
    flag: str | None  # "--resume_from_checkpoint"; None: the train() call at `line`


@dataclass(frozen=True)
class ImagePlan:
    """The SageMaker framework images the pipeline runs (plan/images.py)."""

    framework: ImageFamily  # the SDK's image framework
    requirement: str | None  # the user's requirement it was chosen for, e.g. "torch>=2.0"
    training_version: str  # training and processing, e.g. "2.5.1" or "1.2-1"
    training_py_version: str  # the SDK's py_version argument, e.g. "py311" or "py3"
    inference_version: str
    inference_py_version: str
    python: tuple[int, int]  # the training/processing container's Python, e.g. (3, 9)
    inference_python: tuple[int, int]
    python_source: str  # where the Python version comes from
    gpu: bool  # a GPU variant exists (--gpu builds can run on ml.g*/ml.p* instances)
    # Hugging Face projects: training on a GPU instance and inference run the HF DLCs (the HF
    # training image is GPU-only: a CPU build trains and processes on the PyTorch image above).
    huggingface: HuggingFaceImages | None = None


@dataclass(frozen=True)
class MigrationPlan:
    analysis: Analysis
    names: Names
    entry_point: str
    framework: Framework
    hyperparameters: tuple[HyperparameterPlan, ...]
    channels: tuple[ChannelPlan, ...]
    metrics: tuple[MetricPlan, ...]
    objective_metric: str | None  # what tuning maximises/minimises and the quality gate reads
    model: ModelPlan | None = None
    dataset: DatasetPlan | None = None
    layout: PipelineLayout | None = None  # always set by build_plan (plan/layout.py: LAYOUT)
    paths: tuple[PathPlan, ...] = ()  # model/output paths moved to the container folders
    saves: tuple[SavePlan, ...] = ()
    checkpoint: CheckpointPlan | None = None
    keras: KerasPlan | None = None
    resume: ResumePlan | None = None  # the script resumes itself (Hugging Face Trainer/Accelerate)
    requirements: tuple[str, ...] = ()  # OUT/code/requirements.txt lines (see plan/__init__.py)
    # Each channel once, in order: several hard-coded paths can share one (`./data`, `./data/a.csv`).
    channel_names: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    # The quality gate's default: the lowest objective value, in the metric's own units, that
    # registers the model. None makes the threshold a required pipeline parameter.
    quality_threshold: float | None = None
    # How the gate reads the objective, and which way it compares (plan/metrics.py: plan_gate).
    gate: GateSource = GateSource.EVALUATION
    objective_greater_is_better: bool = True
    gate_note: str = ""  # one plain sentence for migrate's output and the guide; "" for none
    images: ImagePlan | None = None  # always set by build_plan (plan/images.py)
    # Which optional steps exist and why (plan/steps.py); always set by build_plan.
    steps: StepsPlan | None = None
    argv: ArgvPlan | None = (
        None  # positional sys.argv rebuilt from `--name value` (plan/positional.py)
    )
    lightning: LightningPlan | None = None  # set for a PyTorch Lightning script
    edits: SourceEdits = field(default_factory=SourceEdits)  # plan/edits.py
    launch: LaunchPlan | None = None  # torchrun, one process per GPU (an Accelerate script)
    s3: S3Plan | None = None  # S3 the script reads itself, fed as a channel (plan/s3_data.py)
    # The script needs a CUDA GPU: the pipeline trains on a GPU instance by default
    # (plan/cuda_requirement.py).
    needs_gpu: bool = False

    @property
    def threshold_required(self) -> bool:
        """Every execution must pass `-p QualityThreshold=VALUE`: the pipeline gates a model
        and the gate has no default (no gate without a metric or without a model)."""
        registers = self.steps is None or self.steps.registers_model
        return self.quality_threshold is None and self.gate is not GateSource.NONE and registers


@dataclass(frozen=True)
class TemplateValues:
    """What the project templates print beyond the plan's own records, computed by the plan
    (`plan.docs.template_values`) before anything renders."""

    project: Any  # plan/docs.py's ProjectValues: guide tables, imports, metadata, counts
    infra: Mapping[str, Any]  # plan/iam.py's infrastructure_values: policies and derived names


@dataclass(frozen=True)
class MeasuredMetric:
    """A metric the script reports that evaluate.py recomputes on the held-out test set."""

    name: str  # as the script logs it, e.g. "test_accuracy"
    kind: MeasuredKind
    scale: float = 1.0  # 100.0 when the script reports a percentage
    greater_is_better: bool = True
