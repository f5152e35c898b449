"""SageMaker pipeline for ec2-mnist (SageMaker Python SDK v3).

Preprocess (processing) -> Train (training, or Tune with --tuning) -> Evaluate (processing)
-> QualityGate (objective >= threshold) -> RegisterModel | QualityGateFailed

    python pipeline/pipeline.py --definition            # print the definition JSON, no AWS at all
    python pipeline/pipeline.py --definition --tuning   # the same with a tuning step

`get_pipeline(region, role, default_bucket)` is what deployment scripts and tools import.
The code in ../code is uploaded by the SDK when the pipeline is built. For `--definition` the
uploads go to a local S3 (`AWS_ENDPOINT_URL` on 127.0.0.1, or an in-process moto server started
here), never to AWS.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

# The SDK resolves a region while it is imported. Run as a script (the offline --definition
# build, in its own process) a dummy one is defaulted; imported (scripts/aws_ops.py, sagebridge
# execute), the region the user configured (~/.aws/config, AWS_REGION, AWS_DEFAULT_REGION) stands.
OFFLINE_REGION = "us-east-1"
if __name__ == "__main__":
    os.environ.setdefault("AWS_DEFAULT_REGION", OFFLINE_REGION)

from sagemaker.core import image_uris
from sagemaker.core import parameter as ranges
from sagemaker.core.model_metrics import MetricsSource, ModelMetrics
from sagemaker.core.network import NetworkConfig
from sagemaker.core.processing import ScriptProcessor
from sagemaker.core.shapes import (
    MetricDefinition,
    ProcessingInput,
    ProcessingOutput,
    ProcessingS3Input,
    ProcessingS3Output,
    Tag,
)
from sagemaker.core.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.core.workflow.execution_variables import ExecutionVariables
from sagemaker.core.workflow.functions import Join, JsonGet
from sagemaker.core.workflow.parameters import (
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from sagemaker.core.workflow.pipeline_context import PipelineSession
from sagemaker.core.workflow.properties import PropertyFile
from sagemaker.mlops.workflow.condition_step import ConditionStep
from sagemaker.mlops.workflow.fail_step import FailStep
from sagemaker.mlops.workflow.model_step import ModelStep
from sagemaker.mlops.workflow.pipeline import Pipeline
from sagemaker.mlops.workflow.steps import ProcessingStep, TrainingStep, TuningStep
from sagemaker.serve.model_builder import ModelBuilder
from sagemaker.train import ModelTrainer
from sagemaker.train.configs import (
    CheckpointConfig,
    Compute,
    InputData,
    OutputDataConfig,
    SourceCode,
    StoppingCondition,
)
from sagemaker.train.tuner import HyperparameterTuner

CODE_DIR = Path(__file__).resolve().parent.parent / "code"

PIPELINE_NAME = 'ec2-mnist-pipeline'
MODEL_PACKAGE_GROUP = 'ec2-mnist-models'
BASE_JOB_NAME = 'ec2-mnist-train'
# Used only to build the definition offline; a real upsert passes the stack's role and bucket.
OFFLINE_ROLE = "arn:aws:iam::000000000000:role/ec2-mnist-sagemaker-role"
OFFLINE_BUCKET = "sagebridge-ec2-mnist-000000000000-" + OFFLINE_REGION
OFFLINE_KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"
# The stack's KMS key (infrastructure/cloudformation/main.yaml) encrypts every job's storage
# volume and outputs. Every job carries the Project tag: SageMaker Pipelines names the jobs it
# launches itself (pipelines-<execution id>-...), so the execution role may create, describe
# and stop only jobs tagged with this project (infrastructure/iam/execution-policy.json).
KMS_ALIAS = "alias/ec2-mnist"
PROJECT_TAGS = [{"Key": "Project", "Value": 'ec2-mnist'}]
TRAINER_TAGS = [Tag(key="Project", value='ec2-mnist')]  # ModelTrainer's form

# Container images: SageMaker's framework images for the versions in the project's requirements
# (torch), chosen by sagebridge from the SDK's image config.
# Training and processing run Python 3.13, inference Python 3.12 (the SDK's image config).
IMAGE_FRAMEWORK = 'pytorch'
IMAGE_VERSIONS = {
    "training": ('2.10.0', 'py313'),
    "inference": ('2.6.0', 'py312'),
}
CPU_TRAINING_INSTANCE = "ml.m5.xlarge"
# `--gpu` (get_pipeline(gpu=True)): a GPU instance by default and the image's GPU variant. The
# image is fixed when the definition is built: a GPU TrainingInstanceType needs a --gpu build.
GPU_TRAINING_INSTANCE = "ml.g5.xlarge"

OBJECTIVE_METRIC = 'test_accuracy'
METRIC_DEFINITIONS = [
    (
        'test_accuracy',
        '(?<![A-Za-z0-9_.-])test_accuracy=([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?);',
    ),
    (
        'test_loss',
        '(?<![A-Za-z0-9_.-])test_loss=([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?);',
    ),
]
TUNING_OBJECTIVE_TYPE = 'Maximize'
TUNING_MAX_JOBS = 4
TUNING_MAX_PARALLEL_JOBS = 2


def _image(region: str, scope: str, instance_type: str) -> str:
    version, py_version = IMAGE_VERSIONS[scope]
    return image_uris.retrieve(
        framework=IMAGE_FRAMEWORK,
        region=region,
        version=version,
        py_version=py_version,
        image_scope=scope,
        instance_type=instance_type,
    )


def _stack_key(region: str) -> str:
    """The ARN of the stack's KMS key, found through its alias (needs kms:ListAliases)."""
    import boto3

    kms = boto3.client("kms", region_name=region)
    for page in kms.get_paginator("list_aliases").paginate():
        for alias in page["Aliases"]:
            if alias["AliasName"] == KMS_ALIAS and alias.get("TargetKeyId"):
                account_part = alias["AliasArn"].split(":alias/")[0]
                return f"{account_part}:key/{alias['TargetKeyId']}"
    raise LookupError(
        f"no KMS key {KMS_ALIAS} in {region}: deploy the stack "
        "(infrastructure/cloudformation/main.yaml) or pass kms_key"
    )


def _s3_join(*parts: object) -> Join:
    """An S3 URI built at execution time (pipeline variables can't go through f-strings)."""
    return Join(on="/", values=["s3:/", *parts])


def get_pipeline(
    region: str,
    role: str,
    default_bucket: str,
    tuning: bool = False,
    use_spot: bool = False,
    pipeline_name: str = PIPELINE_NAME,
    gpu: bool = False,
    kms_key: str | None = None,
) -> Pipeline:
    """The ec2-mnist pipeline. `tuning` swaps the training step for a tuning step.

    `kms_key` (a key ARN) encrypts the jobs' volumes and outputs; default: the stack's key.
    `gpu` trains on a GPU instance type with the image's GPU variant.
    """
    import boto3

    training_default = GPU_TRAINING_INSTANCE if gpu else CPU_TRAINING_INSTANCE

    if kms_key is None:
        kms_key = _stack_key(region)

    session = PipelineSession(
        boto_session=boto3.Session(region_name=region), default_bucket=default_bucket
    )

    # ---- parameters (every one can be overridden when an execution starts) ----------------
    processing_instance_type = ParameterString(
        name="ProcessingInstanceType", default_value="ml.m5.xlarge"
    )
    processing_instance_count = ParameterInteger(name="ProcessingInstanceCount", default_value=1)
    # The default says which image variant (CPU or GPU) the build chose: `sagebridge execute`
    # refuses a TrainingInstanceType of the other family.
    training_instance_type = ParameterString(
        name="TrainingInstanceType", default_value=training_default
    )
    training_instance_count = ParameterInteger(name="TrainingInstanceCount", default_value=1)
    input_data_uri = ParameterString(
        name="InputDataUri",
        default_value=f"s3://{default_bucket}/{pipeline_name}/data/raw",
    )
    # No default: the gate's threshold must be chosen when an execution starts.
    quality_threshold = ParameterFloat(name="QualityThreshold")
    model_approval_status = ParameterString(
        name="ModelApprovalStatus", default_value="PendingManualApproval"
    )
    # The training script's own hyperparameters, with the defaults found in it.
    hp_batch_size = ParameterInteger(
        name='batch_size', default_value=64
    )
    hp_test_batch_size = ParameterInteger(
        name='test_batch_size', default_value=1000
    )
    hp_epochs = ParameterInteger(
        name='epochs', default_value=10
    )
    hp_lr = ParameterFloat(
        name='lr', default_value=1.0
    )
    hp_gamma = ParameterFloat(
        name='gamma', default_value=0.7
    )
    hp_seed = ParameterInteger(
        name='seed', default_value=1
    )
    hp_log_interval = ParameterInteger(
        name='log_interval', default_value=10
    )
    # CreateTrainingJob's HyperParameters is a map of strings: an Integer or Float parameter
    # placed there as is makes CreatePipeline fail, so every value is converted at run time.
    hyperparameters = {
        'batch_size': hp_batch_size.to_string(),
        'test_batch_size': hp_test_batch_size.to_string(),
        'epochs': hp_epochs.to_string(),
        'lr': hp_lr.to_string(),
        'gamma': hp_gamma.to_string(),
        'seed': hp_seed.to_string(),
        'log_interval': hp_log_interval.to_string(),
    }

    # ---- Preprocess ------------------------------------------------------------------
    processing_image = _image(region, "training", "ml.m5.xlarge")
    preprocessor = ScriptProcessor(
        image_uri=processing_image,
        command=["python3"],
        role=role,
        instance_type=processing_instance_type,
        instance_count=processing_instance_count,
        base_job_name=f"{BASE_JOB_NAME}-preprocess",
        sagemaker_session=session,
        volume_kms_key=kms_key,
        output_kms_key=kms_key,
        # The generated script reads its inputs and writes its outputs under /opt/ml/processing
        # (SageMaker moves them to and from S3) and installs nothing: no network needed.
        network_config=NetworkConfig(enable_network_isolation=True),
        tags=PROJECT_TAGS,
    )
    step_preprocess = ProcessingStep(
        name='Preprocess',
        step_args=preprocessor.run(
            code=str(CODE_DIR / "preprocess.py"),
            # The script's defaults are these same paths; naming them lets a local run rebase them.
            arguments=[
                "--raw-dir",
                '/opt/ml/processing/input/raw',
                "--train-dir",
                '/opt/ml/processing/output/train',
                "--test-dir",
                '/opt/ml/processing/output/test',
            ],
            inputs=[
                ProcessingInput(
                    input_name='raw',
                    s3_input=ProcessingS3Input(
                        s3_uri=input_data_uri,
                        local_path='/opt/ml/processing/input/raw',
                        s3_data_type="S3Prefix",
                        s3_input_mode="File",
                    ),
                )
            ],
            outputs=[
                ProcessingOutput(
                    output_name='train',
                    s3_output=ProcessingS3Output(
                        s3_uri=_s3_join(
                            default_bucket,
                            pipeline_name,
                            ExecutionVariables.PIPELINE_EXECUTION_ID,
                            'train',
                        ),
                        local_path='/opt/ml/processing/output/train',
                        s3_upload_mode="EndOfJob",
                    ),
                ),
                ProcessingOutput(
                    output_name='test',
                    s3_output=ProcessingS3Output(
                        s3_uri=_s3_join(
                            default_bucket,
                            pipeline_name,
                            ExecutionVariables.PIPELINE_EXECUTION_ID,
                            'test',
                        ),
                        local_path='/opt/ml/processing/output/test',
                        s3_upload_mode="EndOfJob",
                    ),
                ),
            ],
        ),
    )
    train_data = step_preprocess.properties.ProcessingOutputConfig.Outputs[
        'train'
    ].S3Output.S3Uri
    test_data = step_preprocess.properties.ProcessingOutputConfig.Outputs[
        'test'
    ].S3Output.S3Uri

    # ---- Train (or Tune) ------------------------------------------------------
    trainer = ModelTrainer(
        training_image=_image(region, "training", training_default),
        role=role,
        base_job_name=f"{BASE_JOB_NAME}-train",
        sagemaker_session=session,
        source_code=SourceCode(
            source_dir=str(CODE_DIR),
            entry_script='train.py',
            requirements='requirements.txt',
            # The other steps' scripts stay out of the training code: editing them must not
            # change (and so rerun) the training job.
            ignore_patterns=["preprocess.py", "evaluate.py", 'inference.py', "__pycache__"],
        ),
        compute=Compute(
            instance_type=training_instance_type,
            instance_count=training_instance_count,
            enable_managed_spot_training=use_spot,
            volume_kms_key_id=kms_key,
        ),
        # No network isolation for training: the job pip-installs code/requirements.txt before
        # the script starts, which needs PyPI. Pre-install them in an image to isolate it.
        tags=TRAINER_TAGS,
        stopping_condition=StoppingCondition(
            max_runtime_in_seconds=24 * 3600,
            # Spot jobs may wait for capacity; the wait includes the run time.
            max_wait_time_in_seconds=48 * 3600 if use_spot else None,
        ),
        output_data_config=OutputDataConfig(
            s3_output_path=f"s3://{default_bucket}/{pipeline_name}/models", kms_key_id=kms_key
        ),
        # One checkpoint folder per execution: a new run must not resume an old run's epochs.
        checkpoint_config=CheckpointConfig(
            s3_uri=_s3_join(
                default_bucket, pipeline_name, ExecutionVariables.PIPELINE_EXECUTION_ID, "checkpoints"
            ),
            local_path='/opt/ml/checkpoints',
        ),
        hyperparameters=hyperparameters,
    ).with_metric_definitions(
        [MetricDefinition(name=name, regex=regex) for name, regex in METRIC_DEFINITIONS]
    )
    # The script's channels, fed by Preprocess's train output (none: it loads its own data).
    channels = [
        InputData(channel_name='training', data_source=train_data),
    ]
    step_train: TrainingStep | TuningStep
    if tuning:
        tuner = HyperparameterTuner(
            model_trainer=trainer,
            objective_metric_name=OBJECTIVE_METRIC,
            hyperparameter_ranges={
                'batch_size': ranges.IntegerParameter(
                    32,
                    128,
                    scaling_type='Linear',
                ),
                'lr': ranges.ContinuousParameter(
                    0.1,
                    10.0,
                    scaling_type='Logarithmic',
                ),
                'gamma': ranges.ContinuousParameter(
                    0.35,
                    1.0,
                    scaling_type='Linear',
                ),
            },
            metric_definitions=[
                {"Name": name, "Regex": regex} for name, regex in METRIC_DEFINITIONS
            ],
            strategy="Random",
            objective_type=TUNING_OBJECTIVE_TYPE,
            max_jobs=TUNING_MAX_JOBS,
            max_parallel_jobs=TUNING_MAX_PARALLEL_JOBS,
            tags=PROJECT_TAGS,
        )
        step_train = TuningStep(
            name='Tune', step_args=tuner.tune(inputs=channels)
        )
        model_data = step_train.get_top_model_s3_uri(
            top_k=0, s3_bucket=default_bucket, prefix=f"{pipeline_name}/models"
        )
    else:
        step_train = TrainingStep(
            name='Train',
            step_args=trainer.train(input_data_config=channels),
        )
        model_data = step_train.properties.ModelArtifacts.S3ModelArtifacts

    # ---- Evaluate ---------------------------------------------------------------------
    evaluation_report = PropertyFile(
        name='EvaluationReport',
        output_name='evaluation',
        path='evaluation.json',
    )
    evaluator = ScriptProcessor(
        image_uri=processing_image,
        command=["python3"],
        role=role,
        instance_type=processing_instance_type,
        instance_count=1,
        base_job_name=f"{BASE_JOB_NAME}-evaluate",
        sagemaker_session=session,
        volume_kms_key=kms_key,
        output_kms_key=kms_key,
        # The generated script reads its inputs and writes its outputs under /opt/ml/processing
        # (SageMaker moves them to and from S3) and installs nothing: no network needed.
        network_config=NetworkConfig(enable_network_isolation=True),
        tags=PROJECT_TAGS,
    )
    step_evaluate = ProcessingStep(
        name='Evaluate',
        step_args=evaluator.run(
            code=str(CODE_DIR / "evaluate.py"),
            arguments=[
                "--model-dir",
                '/opt/ml/processing/model',
                "--test-dir",
                '/opt/ml/processing/test',
                "--output-dir",
                '/opt/ml/processing/evaluation',
            ],
            inputs=[
                ProcessingInput(
                    input_name='model',
                    s3_input=ProcessingS3Input(
                        s3_uri=model_data,
                        local_path='/opt/ml/processing/model',
                        s3_data_type="S3Prefix",
                        s3_input_mode="File",
                    ),
                ),
                ProcessingInput(
                    input_name='test',
                    s3_input=ProcessingS3Input(
                        s3_uri=test_data,
                        local_path='/opt/ml/processing/test',
                        s3_data_type="S3Prefix",
                        s3_input_mode="File",
                    ),
                ),
            ],
            outputs=[
                ProcessingOutput(
                    output_name='evaluation',
                    s3_output=ProcessingS3Output(
                        s3_uri=_s3_join(
                            default_bucket,
                            pipeline_name,
                            ExecutionVariables.PIPELINE_EXECUTION_ID,
                            'evaluation',
                        ),
                        local_path='/opt/ml/processing/evaluation',
                        s3_upload_mode="EndOfJob",
                    ),
                )
            ],
        ),
        property_files=[evaluation_report],
    )
    evaluation_uri = step_evaluate.properties.ProcessingOutputConfig.Outputs[
        'evaluation'
    ].S3Output.S3Uri

    # ---- RegisterModel: model.tar.gz + code/inference.py, with the evaluation as metrics
    inference_instance = "ml.m5.large"
    model_builder = ModelBuilder(
        s3_model_data_url=model_data,
        image_uri=_image(region, "inference", inference_instance),
        source_code=SourceCode(
            source_dir=str(CODE_DIR), entry_script='inference.py'
        ),
        role_arn=role,
        sagemaker_session=session,
    )
    step_register = ModelStep(
        name='RegisterModel',
        step_args=model_builder.register(
            model_package_group_name=MODEL_PACKAGE_GROUP,
            content_types=['application/json', 'text/csv', 'application/x-npy'],
            response_types=['application/json'],
            inference_instances=[inference_instance],
            transform_instances=[inference_instance],
            model_metrics=ModelMetrics(
                model_statistics=MetricsSource(
                    content_type="application/json",
                    s3_uri=Join(
                        on="/", values=[evaluation_uri, 'evaluation.json']
                    ),
                )
            ),
            approval_status=model_approval_status,
        ),
        # The repack job SageMaker adds for the inference code: tagged and KMS-encrypted output
        # like the other jobs (the SDK builds its Compute itself, so its volume keeps
        # SageMaker's default encryption).
        repack_model_step_settings={
            "tags": TRAINER_TAGS,
            "output_data_config": OutputDataConfig(
                s3_output_path=f"s3://{default_bucket}/{pipeline_name}/models", kms_key_id=kms_key
            ),
        },
    )

    # ---- QualityGate --------------------------------------------------------------------
    measured = JsonGet(
        step_name=step_evaluate.name,
        property_file=evaluation_report,
        json_path='metrics.test_accuracy.value',
    )
    step_fail = FailStep(
        name='QualityGateFailed',
        error_message=Join(
            on=" ",
            values=[OBJECTIVE_METRIC, "=", measured, "is below the threshold", quality_threshold],
        ),
    )
    step_gate = ConditionStep(
        name='QualityGate',
        conditions=[ConditionGreaterThanOrEqualTo(left=measured, right=quality_threshold)],
        if_steps=[step_register],
        else_steps=[step_fail],
    )

    return Pipeline(
        name=pipeline_name,
        parameters=[
            processing_instance_type,
            processing_instance_count,
            training_instance_type,
            training_instance_count,
            input_data_uri,
            quality_threshold,
            model_approval_status,
            hp_batch_size,
            hp_test_batch_size,
            hp_epochs,
            hp_lr,
            hp_gamma,
            hp_seed,
            hp_log_interval,
        ],
        steps=[step_preprocess, step_train, step_evaluate, step_gate],
        sagemaker_session=session,
    )


def _is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _use_local_s3(bucket: str) -> object | None:
    """Point every AWS client at a local S3 and make `bucket` there; never reach AWS.

    Uses $AWS_ENDPOINT_URL when it is a loopback address, else starts moto in this process.
    Returns the moto server to stop, if one was started.
    """
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    server = None
    if endpoint is None:
        try:
            from moto.server import ThreadedMotoServer
        except ImportError:
            sys.exit(
                "error: --definition needs a local S3 for the code uploads: "
                "pip install 'moto[server]' or set AWS_ENDPOINT_URL to one on 127.0.0.1"
            )
        # Quiet: one log line per upload, and a traceback for the IAM call moto lacks (the SDK
        # only uses it to pick a staging bucket, and falls back to the one given).
        logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
    elif not _is_loopback(endpoint):
        sys.exit(f"error: --definition refuses AWS_ENDPOINT_URL={endpoint}: not on loopback")
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    # Local S3 accepts any credentials; never let boto3 find real ones.
    os.environ["AWS_ACCESS_KEY_ID"] = "offline"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "offline"
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    os.environ["SAGEMAKER_VALIDATE_ROLE"] = "false"

    import boto3

    s3 = boto3.client("s3", region_name=OFFLINE_REGION)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        s3.create_bucket(Bucket=bucket)
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--definition", action="store_true", help="print the pipeline definition JSON offline"
    )
    parser.add_argument("--tuning", action="store_true", help="tune instead of a single training")
    parser.add_argument("--spot", action="store_true", help="train on managed spot instances")
    parser.add_argument(
        "--gpu", action="store_true", help="train on a GPU instance with the GPU image"
    )
    parser.add_argument("--region", default=OFFLINE_REGION)
    parser.add_argument("--role", default=OFFLINE_ROLE)
    parser.add_argument("--bucket", default=OFFLINE_BUCKET)
    parser.add_argument("--kms-key", default=OFFLINE_KMS_KEY, help="KMS key ARN for the jobs")
    args = parser.parse_args(argv)
    if not args.definition:
        parser.error("nothing to do: pass --definition")
    server = _use_local_s3(args.bucket)
    try:
        pipeline = get_pipeline(
            args.region,
            args.role,
            args.bucket,
            tuning=args.tuning,
            use_spot=args.spot,
            kms_key=args.kms_key,
            gpu=args.gpu,
        )
        definition = json.loads(pipeline.definition())
    finally:
        if server is not None:
            server.stop()  # type: ignore[attr-defined]
    sys.stdout.write(json.dumps(definition, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
