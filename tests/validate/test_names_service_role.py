"""The names check ignores service-linked role ARNs (AWS's roles, not the project's)."""

from sagebridge.model import Names
from sagebridge.validate.names import _arn_findings

NAMES = Names(project="p", stack="s", pipeline="pl", model_package_group="g", endpoint="e",
              role="p-role", bucket_prefix="b", base_job="j")


def test_service_linked_role_is_not_the_projects_role() -> None:
    linked = ('"arn:aws:iam::1:role/aws-service-role/sagemaker.application-autoscaling.'
              'amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"')
    assert _arn_findings(linked, "x.json", NAMES) == []
    assert _arn_findings('"arn:aws:iam::1:role/other-role"', "x.json", NAMES) != []
