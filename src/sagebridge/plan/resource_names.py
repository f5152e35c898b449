"""The names and ARNs of the project's AWS resources, as the stack creates them.

Each is a string with CloudFormation placeholders (`${AWS::Partition}`, `${AWS::Region}`,
`${AWS::AccountId}`, `${Environment}`) that the template wraps in `Fn::Sub`. Where a name must
be unique decides what it carries:

* account-wide (IAM role, managed policy) and CloudWatch dashboards (global: no region in
  their ARN): `-<region>-<environment>` (contract.ACCOUNT_WIDE_NAME_SUFFIX);
* S3 buckets (unique across all accounts): the account id and region;
* regional (KMS alias, SNS topic, log group, alarms, stack, pipeline, model package group,
  endpoint): the project's name, as each region has its own.
"""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import Names


def bucket_name(names: Names) -> str:
    """The data bucket: the plan's prefix made unique per account and region."""
    return f"{names.bucket_prefix}-${{AWS::AccountId}}-${{AWS::Region}}"


def kms_alias(names: Names) -> str:
    return f"alias/{names.project}"


def endpoint_log_group(names: Names) -> str:
    """The log group SageMaker writes the endpoint's container logs into."""
    return f"/aws/sagemaker/Endpoints/{names.endpoint}"


def role_name(names: Names) -> str:
    """The execution role's name: IAM names are account-wide, so it carries the stack's region
    and environment (`Fn::Sub` placeholders)."""
    return f"{names.role}{contract.ACCOUNT_WIDE_NAME_SUFFIX}"


def deployer_policy_name(names: Names) -> str:
    """The deployer managed policy's name, account-wide like the role's."""
    return f"{names.role}-deployer{contract.ACCOUNT_WIDE_NAME_SUFFIX}"


def role_arn(names: Names) -> str:
    return f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{role_name(names)}"


def arn(service: str, resource: str, *, regional: bool = True) -> str:
    region = "${AWS::Region}" if regional else ""
    return f"arn:${{AWS::Partition}}:{service}:{region}:${{AWS::AccountId}}:{resource}"


def sagemaker_arn(resource_type: str, name: str) -> str:
    # SageMaker lower-cases resource names in its ARNs.
    return arn("sagemaker", f"{resource_type}/{name.lower()}")


def model_package_group_arn(names: Names) -> str:
    return sagemaker_arn("model-package-group", names.model_package_group)


def dashboard_name(names: Names) -> str:
    """CloudWatch dashboards are global to the account (their ARN names no region): a stack in
    a second region would fail on the first one's dashboard without the suffix."""
    return f"{names.project}{contract.ACCOUNT_WIDE_NAME_SUFFIX}"
