"""SageMaker pipeline for sklearn-digits (SageMaker Python SDK v3).

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
    OutputDataConfig,
    SourceCode,
    StoppingCondition,
)
from sagemaker.train.tuner import HyperparameterTuner

CODE_DIR = Path(__file__).resolve().parent.parent / "code"

PIPELINE_NAME = 'sklearn-digits-pipeline'
MODEL_PACKAGE_GROUP = 'sklearn-digits-models'
BASE_JOB_NAME = 'sklearn-digits-train'
# Used only to build the definition offline; a real upsert passes the stack's role and bucket.
OFFLINE_ROLE = "arn:aws:iam::000000000000:role/sklearn-digits-sagemaker-role"
OFFLINE_BUCKET = "sagebridge-sklearn-digits-000000000000-" + OFFLINE_REGION
OFFLINE_KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"
# The stack's KMS key (infrastructure/cloudformation/main.yaml) encrypts every job's storage
# volume and outputs. Every job carries the Project tag: SageMaker Pipelines names the jobs it
# launches itself (pipelines-<execution id>-...), so the execution role may create, describe
# and stop only jobs tagged with this project (infrastructure/iam/execution-policy.json).
KMS_ALIAS = "alias/sklearn-digits"
PROJECT_TAGS = [{"Key": "Project", "Value": 'sklearn-digits'}]
TRAINER_TAGS = [Tag(key="Project", value='sklearn-digits')]  # ModelTrainer's form

# Container images: SageMaker's framework images for the versions in the project's requirements
# (scikit-learn), chosen by sagebridge from the SDK's image config.
# Training and processing run Python 3.9, inference Python 3.9 (not known here: assumed conservatively (no newer than the release before it)).
IMAGE_FRAMEWORK = 'sklearn'
IMAGE_VERSIONS = {
    "training": ('1.9-0', 'py3'),
    "inference": ('1.9-0', 'py3'),
}
CPU_TRAINING_INSTANCE = "ml.m5.xlarge"

OBJECTIVE_METRIC = 'test_accuracy'
METRIC_DEFINITIONS = [
    (
        'test_accuracy',
        '(?<![A-Za-z0-9_.-])test_accuracy=([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?);',
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
    """The sklearn-digits pipeline. `tuning` swaps the training step for a tuning step.

    `kms_key` (a key ARN) encrypts the jobs' volumes and outputs; default: the stack's key.
    `gpu` trains on a GPU instance type with the image's GPU variant.
    """
    import boto3

    if gpu:
        raise ValueError(f"the {IMAGE_FRAMEWORK} image has no GPU variant: build without --gpu")
    training_default = CPU_TRAINING_INSTANCE

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
    # No default: the gate's threshold must be chosen when an execution starts.
    quality_threshold = ParameterFloat(name="QualityThreshold")
    model_approval_status = ParameterString(
        name="ModelApprovalStatus", default_value="PendingManualApproval"
    )
    # The training script's own hyperparameters, with the defaults found in it.
    hp_n_estimators = ParameterInteger(
        name='n_estimators', default_value=200
    )
    hp_max_depth = ParameterInteger(
        name='max_depth', default_value=12
    )
    hp_min_samples_leaf = ParameterInteger(
        name='min_samples_leaf', default_value=1
    )
    hp_test_size = ParameterFloat(
        name='test_size', default_value=0.2
    )
    hp_random_state = ParameterInteger(
        name='random_state', default_value=42
    )
    hp_balanced = ParameterString(
        name='balanced', default_value='False'
    )
    hp_bootstrap = ParameterString(
        name='bootstrap', default_value='True'
    )
    hp_n_jobs = ParameterInteger(
        name='n_jobs', default_value=-1
    )
    # CreateTrainingJob's HyperParameters is a map of strings: an Integer or Float parameter
    # placed there as is makes CreatePipeline fail, so every value is converted at run time.
    hyperparameters = {
        'n-estimators': hp_n_estimators.to_string(),
        'max-depth': hp_max_depth.to_string(),
        'min-samples-leaf': hp_min_samples_leaf.to_string(),
        'test-size': hp_test_size.to_string(),
        'random-state': hp_random_state.to_string(),
        'balanced': hp_balanced.to_string(),
        'bootstrap': hp_bootstrap.to_string(),
        'n-jobs': hp_n_jobs.to_string(),
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
                # The script's own split settings, the same parameters the training job gets:
                # the held-out rows follow an execution's values (no overlap with training).
                "--test-size",
                hp_test_size.to_string(),
                "--random-state",
                hp_random_state.to_string(),
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
    ]
    step_train: TrainingStep | TuningStep
    if tuning:
        tuner = HyperparameterTuner(
            model_trainer=trainer,
            objective_metric_name=OBJECTIVE_METRIC,
            hyperparameter_ranges={
                'n-estimators': ranges.IntegerParameter(
                    100,
                    400,
                    scaling_type='Linear',
                ),
                'max-depth': ranges.IntegerParameter(
                    6,
                    24,
                    scaling_type='Linear',
                ),
                'min-samples-leaf': ranges.IntegerParameter(
                    1,
                    2,
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
            quality_threshold,
            model_approval_status,
            hp_n_estimators,
            hp_max_depth,
            hp_min_samples_leaf,
            hp_test_size,
            hp_random_state,
            hp_balanced,
            hp_bootstrap,
            hp_n_jobs,
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
