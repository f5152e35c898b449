"""The deployer's policy: what a person running the `sagebridge` commands against the project
needs (`upload-data`, `execute`, `status`, `approve`, `endpoint`, `doctor`), each action on the
resources it names; the calls are in sagebridge.validate.iam_calls, recorded from the CLI."""

from __future__ import annotations

from collections.abc import Mapping

from sagebridge.model import Names
from sagebridge.plan.iam_forms import (
    KEY_ARN,
    POLICY_VERSION,
    SAGEMAKER_SERVICE,
    PolicyDocument,
    statement,
)
from sagebridge.plan.resource_names import (
    arn,
    bucket_name,
    model_package_group_arn,
    role_arn,
    sagemaker_arn,
)

SCALING_SERVICE = "sagemaker.application-autoscaling.amazonaws.com"

# The deployer's calls that IAM authorizes on no resource (Resource "*"): the list and
# describe calls the CLI makes, the KMS alias lookup of pipeline.py and Service Quotas.
DEPLOYER_RESOURCELESS_REASONS: Mapping[str, str] = {
    "application-autoscaling:DescribeScalableTargets": "no resource type",
    "kms:ListAliases": "no resource type; pipeline.py finds the stack key by its alias",
    "s3:ListAllMyBuckets": "no resource type; the SageMaker SDK's default-bucket check",
    "sagemaker:ListEndpointConfigs": "no resource type",
    "sagemaker:ListModels": "no resource type",
    "servicequotas:ListServiceQuotas": "no resource type; doctor's quota check",
}
DEPLOYER_RESOURCELESS: frozenset[str] = frozenset(DEPLOYER_RESOURCELESS_REASONS)


def deployer_policy(names: Names) -> PolicyDocument:
    """What `upload-data`, `execute`, `status`, `approve`, `endpoint deploy|update|delete` and
    `doctor` call (the generated scripts run these commands), each action on the resources it
    names (sagebridge.validate.iam_calls holds the calls, recorded from the CLI on moto)."""
    endpoint = names.endpoint
    group = names.model_package_group.lower()
    pipeline = sagemaker_arn("pipeline", names.pipeline)
    doctor_copy = sagemaker_arn("pipeline", f"{names.pipeline}-doctor")
    endpoint_arn = sagemaker_arn("endpoint", endpoint)
    configs = sagemaker_arn("endpoint-config", f"{endpoint}-*")
    models = sagemaker_arn("model", f"{endpoint}-*")
    packages = arn("sagemaker", f"model-package/{group}/*")
    bucket = f"arn:${{AWS::Partition}}:s3:::{bucket_name(names)}"
    stack = arn("cloudformation", f"stack/{names.stack}/*")
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            statement("ReadStackOutputs",
                       ["cloudformation:DescribeStacks", "cloudformation:ListStackResources"],
                       stack),
            statement("ResourcelessReads", sorted(DEPLOYER_RESOURCELESS), "*"),
            statement("ProjectData", ["s3:GetObject", "s3:PutObject"], f"{bucket}/*"),
            statement("ListProjectBucketVersions", ["s3:ListBucketVersions"],
                       [bucket, f"{bucket}-logs"]),
            statement(
                "ProjectKeyThroughS3", ["kms:Decrypt", "kms:GenerateDataKey"], KEY_ARN,
                {"StringEquals": {"kms:ViaService": "s3.${AWS::Region}.amazonaws.com"}},
            ),
            statement("Pipeline",
                       ["sagemaker:AddTags", "sagemaker:CreatePipeline",
                        "sagemaker:DescribePipeline", "sagemaker:ListPipelineExecutions",
                        "sagemaker:StartPipelineExecution", "sagemaker:UpdatePipeline"],
                       pipeline),
            statement("PipelineExecutions",
                       ["sagemaker:DescribePipelineExecution",
                        "sagemaker:ListPipelineExecutionSteps"],
                       f"{pipeline}/execution/*"),
            # `doctor` proves CreatePipeline accepts the definition on a throwaway copy.
            statement("DoctorPipelineCopy",
                       ["sagemaker:AddTags", "sagemaker:CreatePipeline",
                        "sagemaker:DeletePipeline"],
                       doctor_copy),
            statement("DoctorSimulatesTheRole", ["iam:SimulatePrincipalPolicy"], role_arn(names)),
            statement("ModelPackageGroup", ["sagemaker:DescribeModelPackageGroup"],
                       model_package_group_arn(names)),
            # ListModelPackages has the model-package resource type in the Service
            # Authorization Reference: the group's versions, like the other package actions.
            statement("ModelPackages",
                       ["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages",
                        "sagemaker:UpdateModelPackage"],
                       packages),
            statement("Endpoint",
                       ["sagemaker:AddTags", "sagemaker:DeleteEndpoint",
                        "sagemaker:DescribeEndpoint", "sagemaker:InvokeEndpoint",
                        "sagemaker:UpdateEndpointWeightsAndCapacities"],
                       endpoint_arn),
            # IAM authorizes CreateEndpoint and UpdateEndpoint on the endpoint and its config.
            statement("ServeEndpointConfigs",
                       ["sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint"],
                       [endpoint_arn, configs]),
            statement("EndpointConfigs",
                       ["sagemaker:AddTags", "sagemaker:CreateEndpointConfig",
                        "sagemaker:DeleteEndpointConfig", "sagemaker:DescribeEndpointConfig"],
                       configs),
            statement("Models",
                       ["sagemaker:AddTags", "sagemaker:CreateModel", "sagemaker:DeleteModel",
                        "sagemaker:DescribeModel"],
                       models),
            # The endpoint's scalable target: its ARN ends in an id AWS assigns, so the account's
            # targets in the region are the narrowest resource IAM can name.
            statement("EndpointScaling",
                       ["application-autoscaling:DeregisterScalableTarget",
                        "application-autoscaling:PutScalingPolicy",
                        "application-autoscaling:RegisterScalableTarget"],
                       arn("application-autoscaling", "scalable-target/*")),
            # `status` reads the stack's alarms, all named `<project>-...`.
            statement("ProjectAlarms", ["cloudwatch:DescribeAlarms"],
                       arn("cloudwatch", f"alarm:{names.project}-*")),
            # Application Auto Scaling's own alarms for the endpoint's target tracking policy.
            statement("ScalingAlarms",
                       ["cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
                        "cloudwatch:PutMetricAlarm"],
                       arn("cloudwatch", f"alarm:TargetTracking-endpoint/{endpoint}/*")),
            statement(
                "ScalingServiceLinkedRole",
                ["iam:CreateServiceLinkedRole"],
                f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/aws-service-role/"
                f"{SCALING_SERVICE}/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
                {"StringEquals": {"iam:AWSServiceName": SCALING_SERVICE}},
            ),
            statement(
                "PassOnlyThisRoleToSageMaker",
                ["iam:PassRole"],
                role_arn(names),
                {"StringEquals": {"iam:PassedToService": SAGEMAKER_SERVICE}},
            ),
        ],
    }
