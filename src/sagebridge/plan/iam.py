"""The project's four IAM policy documents, computed once from the plan's names.

`infrastructure/iam/*.json` and the CloudFormation template are both rendered from
`plan_policies(names)`, so the files a reviewer reads are the policies the stack creates.
ARNs carry CloudFormation pseudo parameters (`${AWS::Partition}`, `${AWS::Region}`,
`${AWS::AccountId}`) as plain placeholders; the template wraps every such string in `Fn::Sub`
(`plan/iam_forms.py`), and the validator substitutes sample values to analyse them. The
resources' names and ARNs are `plan/resource_names.py`'s.

Least privilege, statement by statement, with the reason where it is not obvious:

* jobs: SageMaker Pipelines names the jobs it launches itself
  (`pipelines-<execution id>-<step>-<suffix>`; SDK v3's `ModelTrainer` sends no
  `TrainingJobName`, so `PipelineDefinitionConfig(use_custom_job_prefix=True)` cannot name the
  training jobs), so the job ARNs alone cannot tell this project's jobs from
  another's: creating a job also requires the request to carry the `Project` tag
  (`aws:RequestTag`), and describing or stopping one requires the job to carry it
  (`aws:ResourceTag`); pipeline/pipeline.py tags every job it defines;
* the KMS key is the stack's own (`${DataKey.Arn}`, resolved by `Fn::Sub`): data keys only
  through S3 (`kms:ViaService`, the bucket's default encryption and the jobs' outputs), grants
  only for AWS resources (the jobs' encrypted volumes);
* image pulls only from the AWS-owned registry account of the stack's region
  (`${FirstPartyRegistry}` / `${DeepLearningContainersRegistry}`, from the template's
  `ImageRegistries` mapping) and only the framework repositories the pipeline uses;
* `Resource: "*"` appears only for `RESOURCELESS_ACTIONS`, actions IAM cannot scope to a resource.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sagebridge import contract
from sagebridge.model import Names
from sagebridge.plan.iam_deployer import DEPLOYER_RESOURCELESS_REASONS, deployer_policy
from sagebridge.plan.iam_forms import (
    KEY_ARN,
    POLICY_VERSION,
    SAGEMAKER_SERVICE,
    PolicyDocument,
    cloudformation_form,
    statement,
)
from sagebridge.plan.image_registries import (
    image_repositories,
    registry_mapping,
    registry_variable,
)
from sagebridge.plan.resource_names import (
    arn,
    bucket_name,
    dashboard_name,
    deployer_policy_name,
    endpoint_log_group,
    kms_alias,
    model_package_group_arn,
    role_arn,
    role_name,
    sagemaker_arn,
)

PSEUDO_PARAMETERS = ("AWS::Partition", "AWS::Region", "AWS::AccountId")

# Actions that IAM cannot scope to a resource (the service authorization reference lists no
# resource type for them), so they are the only ones allowed with `Resource: "*"`.
RESOURCELESS_REASONS: Mapping[str, str] = {
    "cloudwatch:PutMetricData": "no resource type; scoped by the cloudwatch:namespace condition",
    "ecr:GetAuthorizationToken": "a registry login token, not tied to a repository",
}
RESOURCELESS_REASONS = {**RESOURCELESS_REASONS, **DEPLOYER_RESOURCELESS_REASONS}
RESOURCELESS_ACTIONS: frozenset[str] = frozenset(RESOURCELESS_REASONS)

# The files under infrastructure/iam/, in the order of the seed migration guide.
POLICY_FILES: Mapping[str, str] = {
    "trust": "trust-policy.json",
    "execution": "execution-policy.json",
    "model_registry": "model-registry-policy.json",
    "endpoint": "endpoint-policy.json",
}

PROJECT_TAG = "Project"

# How long the bucket keeps endpoint data capture (contract.DATA_CAPTURE_PREFIX).
DATA_CAPTURE_RETENTION_DAYS = 90

# Log groups SageMaker writes job logs into (account-wide; streams are named after the job).
_JOB_LOG_GROUPS = ("/aws/sagemaker/TrainingJobs", "/aws/sagemaker/ProcessingJobs")
# Job names SageMaker Pipelines generates for the steps it launches.
_PIPELINE_JOB_PREFIX = "pipelines-"


def _trust_policy() -> PolicyDocument:
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": "SageMakerAssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": SAGEMAKER_SERVICE},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}},
            }
        ],
    }


def _ecr_repositories(framework: str | None) -> list[str]:
    return [
        f"arn:${{AWS::Partition}}:ecr:${{AWS::Region}}:${{{registry_variable(registry)}}}"
        f":repository/{repository}"
        for registry, repository in image_repositories(framework)
    ]


def _script_data(sources: tuple[str, ...]) -> list[dict[str, Any]]:
    """Read-only access to the S3 prefixes the script reads itself (plan/s3_data.py), which
    the training job's channel copies: objects under each prefix, and listing only there."""
    statements = []
    for number, uri in enumerate(sources, 1):
        bucket, _, prefix = uri.removeprefix("s3://").rstrip("/").partition("/")
        suffix = "" if len(sources) == 1 else str(number)
        objects = f"{prefix}/*" if prefix else "*"
        statements.append(statement(f"ReadScriptData{suffix}", ["s3:GetObject"],
                                     f"arn:${{AWS::Partition}}:s3:::{bucket}/{objects}"))
        statements.append(statement(
            f"ListScriptData{suffix}", ["s3:ListBucket"],
            f"arn:${{AWS::Partition}}:s3:::{bucket}",
            {"StringLike": {"s3:prefix": [prefix, objects]}} if prefix else None,
        ))
    return statements


def _execution_policy(
    names: Names, framework: str | None, data_sources: tuple[str, ...] = ()
) -> PolicyDocument:
    bucket = f"arn:${{AWS::Partition}}:s3:::{bucket_name(names)}"
    job_prefixes = (names.base_job, _PIPELINE_JOB_PREFIX)
    jobs = [
        sagemaker_arn(kind, f"{prefix}*")
        for kind in ("training-job", "processing-job", "hyper-parameter-tuning-job")
        for prefix in job_prefixes
    ]
    log_groups = [arn("logs", f"log-group:{group}:*") for group in _JOB_LOG_GROUPS]
    log_streams = [
        arn("logs", f"log-group:{group}:log-stream:{prefix}*")
        for group in _JOB_LOG_GROUPS
        for prefix in job_prefixes
    ] + [arn("logs", f"log-group:{endpoint_log_group(names)}:log-stream:*")]
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            statement("ProjectBucket", ["s3:GetBucketLocation", "s3:ListBucket"], bucket),
            statement(
                "ProjectObjects",
                ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                f"{bucket}/*",
            ),
            statement(
                "ProjectKeyThroughS3",
                ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                KEY_ARN,
                # The bucket's SSE-KMS default encryption and the jobs' KMS-encrypted outputs.
                {"StringEquals": {"kms:ViaService": "s3.${AWS::Region}.amazonaws.com"}},
            ),
            statement("DescribeProjectKey", ["kms:DescribeKey"], KEY_ARN),
            statement(
                "ProjectKeyGrantsForJobVolumes",
                ["kms:CreateGrant"],
                KEY_ARN,
                # SageMaker encrypts the jobs' storage volumes with a grant on the key.
                {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            ),
            statement(
                "CreateProjectJobs",
                [
                    "sagemaker:AddTags",
                    "sagemaker:CreateHyperParameterTuningJob",
                    "sagemaker:CreateProcessingJob",
                    "sagemaker:CreateTrainingJob",
                ],
                jobs,
                {"StringEquals": {f"aws:RequestTag/{PROJECT_TAG}": names.project}},
            ),
            statement(
                "ManageProjectJobs",
                [
                    "sagemaker:DescribeHyperParameterTuningJob",
                    "sagemaker:DescribeProcessingJob",
                    "sagemaker:DescribeTrainingJob",
                    "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                    "sagemaker:StopHyperParameterTuningJob",
                    "sagemaker:StopProcessingJob",
                    "sagemaker:StopTrainingJob",
                ],
                jobs,
                {"StringEquals": {f"aws:ResourceTag/{PROJECT_TAG}": names.project}},
            ),
            statement("JobLogGroups", ["logs:CreateLogGroup", "logs:DescribeLogStreams"],
                       log_groups),
            statement("JobLogStreams", ["logs:CreateLogStream", "logs:PutLogEvents"],
                       log_streams),
            statement(
                "PullFrameworkImages",
                ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                 "ecr:GetDownloadUrlForLayer"],
                # AWS-owned framework images, in the registry account of the stack's region.
                _ecr_repositories(framework),
            ),
            statement("RegistryLogin", ["ecr:GetAuthorizationToken"], "*"),
            statement(
                "JobMetrics",
                ["cloudwatch:PutMetricData"],
                "*",
                {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*",
                                                         f"sagebridge/{names.project}"]}},
            ),
            statement(
                "PassOnlyThisRoleToSageMaker",
                ["iam:PassRole"],
                role_arn(names),
                {"StringEquals": {"iam:PassedToService": SAGEMAKER_SERVICE}},
            ),
            *_script_data(data_sources),
        ],
    }


def _model_registry_policy(names: Names) -> PolicyDocument:
    group = names.model_package_group.lower()
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            statement(
                "ModelPackageGroup",
                ["sagemaker:DescribeModelPackageGroup"],
                model_package_group_arn(names),
            ),
            statement(
                "ModelPackages",
                [
                    "sagemaker:AddTags",
                    "sagemaker:CreateModelPackage",
                    "sagemaker:DescribeModelPackage",
                    "sagemaker:ListModelPackages",
                    "sagemaker:UpdateModelPackage",
                ],
                [model_package_group_arn(names), arn("sagemaker", f"model-package/{group}/*")],
            ),
        ],
    }


def plan_policies(
    names: Names, framework: str | None = None, data_sources: tuple[str, ...] = ()
) -> dict[str, PolicyDocument]:
    """The four policy documents, keyed as in `POLICY_FILES`, with `Fn::Sub` placeholders.

    `framework` (the plan's) picks the image repositories; None allows every family's.
    `data_sources`: S3 prefixes the script reads itself, which the jobs may read.
    """
    return {
        "trust": _trust_policy(),
        "execution": _execution_policy(names, framework, data_sources),
        "model_registry": _model_registry_policy(names),
        "endpoint": deployer_policy(names),
    }


def infrastructure_values(
    names: Names, framework: str | None = None, data_sources: tuple[str, ...] = ()
) -> dict[str, Any]:
    """What the infrastructure templates substitute: policies in both forms and derived names."""
    policies = plan_policies(names, framework, data_sources)
    return {
        "policies": {key: cloudformation_form(doc) for key, doc in policies.items()},
        "policy_files": {
            POLICY_FILES[key]: json.dumps(doc, indent=2, sort_keys=True) + "\n"
            for key, doc in policies.items()
        },
        "bucket": bucket_name(names),
        "kms_alias": kms_alias(names),
        "role_arn": role_arn(names),
        "model_package_group_arn": model_package_group_arn(names),
        "endpoint_log_group": endpoint_log_group(names),
        "alarm_topic": f"{names.project}-alarms",
        "dashboard": dashboard_name(names),
        "role_name": role_name(names),
        "deployer_policy": deployer_policy_name(names),
        "resourceless": sorted(RESOURCELESS_REASONS.items()),
        "registry_mapping": registry_mapping(framework),
        "data_capture_prefix": contract.DATA_CAPTURE_PREFIX,
        "data_capture_retention_days": DATA_CAPTURE_RETENTION_DAYS,
    }
