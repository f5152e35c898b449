"""The SageMaker container contract, as data, in one place.

Transforms, templates and the local runner all read these names from here, so that the code we
generate, the pipeline that launches it and the runner that imitates SageMaker cannot disagree.
Source: the sagemaker-training toolkit, sagemaker-inference and the SDK v3 drivers (see
shared/SAGEMAKER_FACTS.md).
"""

from __future__ import annotations

from typing import Final

# ---- Training container --------------------------------------------------------------------

BASE_DIR: Final = "/opt/ml"
BASE_DIR_ENV: Final = "SAGEMAKER_BASE_DIR"  # the toolkit relocates /opt/ml when this is set

# Folders, relative to BASE_DIR.
INPUT_CONFIG_DIR: Final = "input/config"
INPUT_DATA_DIR: Final = "input/data"
MODEL_DIR: Final = "model"
OUTPUT_DIR: Final = "output"
OUTPUT_DATA_DIR: Final = "output/data"
OUTPUT_INTERMEDIATE_DIR: Final = "output/intermediate"
FAILURE_FILE: Final = "output/failure"
CHECKPOINT_DIR: Final = "checkpoints"
CODE_DIR: Final = "code"

# Files in INPUT_CONFIG_DIR.
HYPERPARAMETERS_FILE: Final = "hyperparameters.json"
INPUT_DATA_CONFIG_FILE: Final = "inputdataconfig.json"
RESOURCE_CONFIG_FILE: Final = "resourceconfig.json"

# Environment variables.
ENV_MODEL_DIR: Final = "SM_MODEL_DIR"
ENV_CHANNELS: Final = "SM_CHANNELS"
ENV_CHANNEL_PREFIX: Final = "SM_CHANNEL_"
ENV_OUTPUT_DIR: Final = "SM_OUTPUT_DIR"
ENV_OUTPUT_DATA_DIR: Final = "SM_OUTPUT_DATA_DIR"
ENV_OUTPUT_INTERMEDIATE_DIR: Final = "SM_OUTPUT_INTERMEDIATE_DIR"
ENV_OUTPUT_FAILURE: Final = "SM_OUTPUT_FAILURE"
ENV_HPS: Final = "SM_HPS"
ENV_HP_PREFIX: Final = "SM_HP_"
ENV_HOSTS: Final = "SM_HOSTS"
ENV_CURRENT_HOST: Final = "SM_CURRENT_HOST"
ENV_NUM_GPUS: Final = "SM_NUM_GPUS"
ENV_NUM_CPUS: Final = "SM_NUM_CPUS"
ENV_INPUT_DIR: Final = "SM_INPUT_DIR"
ENV_INPUT_CONFIG_DIR: Final = "SM_INPUT_CONFIG_DIR"
ENV_RESOURCE_CONFIG: Final = "SM_RESOURCE_CONFIG"
ENV_INPUT_DATA_CONFIG: Final = "SM_INPUT_DATA_CONFIG"
ENV_TRAINING_ENV: Final = "SM_TRAINING_ENV"
ENV_USER_ARGS: Final = "SM_USER_ARGS"
ENV_LOG_LEVEL: Final = "SM_LOG_LEVEL"
ENV_CHECKPOINT_DIR: Final = "SM_CHECKPOINT_DIR"  # ours: lets a laptop run move checkpoints

# The channel `fit("s3://...")` creates when given no dict.
DEFAULT_TRAINING_CHANNEL: Final = "training"
# SageMaker keeps the first 1024 characters of the failure file as the job's FailureReason.
FAILURE_REASON_LIMIT: Final = 1024

# `requirements.txt` at the root of the source directory is pip-installed before the script runs.
REQUIREMENTS_FILE: Final = "requirements.txt"


def channel_env(channel: str) -> str:
    """`training` -> `SM_CHANNEL_TRAINING` (the toolkit upper-cases the channel name)."""
    return ENV_CHANNEL_PREFIX + channel.upper()


def hyperparameter_env(name: str) -> str:
    """`batch_size` -> `SM_HP_BATCH_SIZE`; the toolkit upper-cases and keeps other characters."""
    return ENV_HP_PREFIX + name.upper()


def container_path(relative: str) -> str:
    """A path inside the training container, e.g. `container_path(MODEL_DIR)`."""
    return f"{BASE_DIR}/{relative}"


# ---- Processing container ------------------------------------------------------------------

PROCESSING_BASE_DIR: Final = "/opt/ml/processing"
PROCESSING_CODE_DIR: Final = "/opt/ml/processing/input/code"


def processing_path(name: str) -> str:
    """Conventional local path of a processing input or output named `name`."""
    return f"{PROCESSING_BASE_DIR}/{name}"


# The evaluation report shape that model registration's ModelMetrics also reads.
EVALUATION_REPORT_FILE: Final = "evaluation.json"

# ---- Inference container -------------------------------------------------------------------

INFERENCE_HANDLERS: Final = ("model_fn", "input_fn", "predict_fn", "output_fn")
INFERENCE_TRANSFORM_HANDLER: Final = "transform_fn"
INFERENCE_CODE_DIR: Final = "code"  # inside model.tar.gz
INFERENCE_SCRIPT: Final = "inference.py"
# The serving containers' module and code folder for a model.tar.gz that holds its code
# (sagemaker-inference and the Hugging Face toolkit read /opt/ml/model/code; the scikit-learn
# and XGBoost containers copy SAGEMAKER_SUBMIT_DIRECTORY to /opt/ml/code and install it).
INFERENCE_PROGRAM_ENV: Final = "SAGEMAKER_PROGRAM"
INFERENCE_SUBMIT_DIR_ENV: Final = "SAGEMAKER_SUBMIT_DIRECTORY"
INFERENCE_SUBMIT_DIR: Final = "/opt/ml/model/code"
TORCHSCRIPT_FILE: Final = "model.pt"  # the PyTorch server jit-loads this without a model_fn
STATE_DICT_FILE: Final = "model.pth"
# The settings the training script ran with, beside the model: evaluate.py and inference.py
# rebuild the model with them (the runtime writes the ones its constructor call reads).
TRAINED_HYPERPARAMETERS_FILE: Final = "sagebridge_hyperparameters.json"
# Lightning: the best checkpoint, which `Module.load_from_checkpoint` reads (sagebridge_lightning)
LIGHTNING_CHECKPOINT_FILE: Final = "model.ckpt"
MODEL_ARCHIVE: Final = "model.tar.gz"
SERVING_PORT: Final = 8080
PING_PATH: Final = "/ping"
INVOCATIONS_PATH: Final = "/invocations"
CONTENT_TYPES: Final = ("application/json", "text/csv", "application/x-npy")
DEFAULT_ACCEPT: Final = "application/json"
INVOCATION_TIMEOUT_S: Final = 60
# Endpoint variant names: stable, so that the stack's alarms and dashboard (which name the
# variant in their dimensions) watch what `endpoint deploy|update` and deploy_endpoint.sh serve.
# One version alone is PRIMARY; an A/B test adds the new version as CANDIDATE beside it.
PRIMARY_VARIANT: Final = "AllTraffic"
CANDIDATE_VARIANT: Final = "Candidate"
ENDPOINT_VARIANTS: Final = (PRIMARY_VARIANT, CANDIDATE_VARIANT)

# Endpoint data capture: where it lands in the project's bucket and the share of requests kept
# by default (`sagebridge endpoint deploy --capture-percent`); the stack expires it.
DATA_CAPTURE_PREFIX: Final = "data-capture"
DEFAULT_CAPTURE_PERCENT: Final = 20

# ---- sagebridge's own conventions shared by the runtime and the local runner ---------------

# The helpers module the migrated code imports, written beside the entry script
# (templates/runtime/sagebridge_runtime.py.jinja).
RUNTIME_MODULE: Final = "sagebridge_runtime"
# The training job's entry script when the model carries its inference code
# (templates/runtime_launch/): it runs the script named in LAUNCH_ENTRY_ENV, then copies the
# code folder into SM_MODEL_DIR/code, so registering needs no repack job.
LAUNCH_SCRIPT: Final = "sagebridge_launch.py"
LAUNCH_ENTRY_ENV: Final = "SAGEBRIDGE_ENTRY_SCRIPT"

# After each epoch the migrated script prints this metric-style line (Checkpoints.save, in a
# container only): the local runner's live view reads it as training progress, and a CloudWatch
# metric definition with the same regex could chart it on SageMaker.
EPOCH_PROGRESS_FORMAT: Final = "epoch={epoch};"
EPOCH_PROGRESS_PATTERN: Final = r"^epoch=(\d+);$"

# ---- GPU or CPU: the training image is chosen when the definition is built ------------------

# Accelerated instance families with NVIDIA GPUs (ml.g4dn, ml.g5, ml.g6, ml.p3, ml.p4d, ml.p5...).
TRAINING_INSTANCE_PARAMETER: Final = "TrainingInstanceType"
GPU_INSTANCE_PREFIXES: Final = ("ml.g", "ml.p")


def is_gpu_instance(instance_type: str) -> bool:
    return instance_type.startswith(GPU_INSTANCE_PREFIXES)


def instance_family_mismatch(parameters: list[dict], overrides: dict[str, str]) -> str | None:
    """Why `-p TrainingInstanceType=...` can't run on the image the definition was built with.

    The build's default instance type says which image variant it resolved (pipeline.py's
    `--gpu` switches both): a GPU instance for a CPU build (or the reverse) would run the wrong
    image. None when they agree or the parameter is not given.
    """
    given = overrides.get(TRAINING_INSTANCE_PARAMETER)
    declared = next(
        (p for p in parameters if p.get("Name") == TRAINING_INSTANCE_PARAMETER), None
    )
    if given is None or declared is None or "DefaultValue" not in declared:
        return None
    built_gpu = is_gpu_instance(str(declared["DefaultValue"]))
    if is_gpu_instance(given) == built_gpu:
        return None
    if built_gpu:
        return (f"-p {TRAINING_INSTANCE_PARAMETER}={given} is a CPU instance but the pipeline "
                "was built with --gpu (GPU image): drop --gpu or give a GPU instance (ml.g*/ml.p*)")
    return (f"-p {TRAINING_INSTANCE_PARAMETER}={given} is a GPU instance but the pipeline was "
            "built for CPU (its image has no CUDA): build with --gpu")


# IAM names are account-wide, not regional: the execution role and the deployer policy end in
# the stack's region and its `Environment` parameter (CloudFormation `Fn::Sub` form), so stacks
# of one project in two regions or two environments of one account don't collide.
ACCOUNT_WIDE_NAME_SUFFIX = "-${AWS::Region}-${Environment}"
# The template's `Environment` parameter: its values, and the one `deploy` uses by default.
ENVIRONMENTS = ("dev", "staging", "prod")
DEFAULT_ENVIRONMENT = "dev"
# What each environment inserts after the project's slug in every name (stack, bucket, pipeline,
# model package group, endpoint, role, alarms...): dev keeps the plain names. Four characters at
# most: the longest bucket name has four to spare (plan/names.py).
ENVIRONMENT_NAME_SUFFIXES = {"dev": "", "staging": "-stg", "prod": "-prd"}
# Set by `sagebridge execute --environment` for the generated pipeline's settings.py.
NAME_SUFFIX_ENV = "SAGEBRIDGE_NAME_SUFFIX"
