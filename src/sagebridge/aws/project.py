"""What the AWS commands read from a generated project (OUT/) and from its deployed stack.

The project itself is read by `sagebridge.project` (`load_project`: names from metadata.json,
the layout), as validate and the local runner read it. The role ARN and the bucket come from
the stack's outputs, whose keys the template defines.
"""

from __future__ import annotations

from pathlib import Path

from sagebridge import contract
from sagebridge.aws.environments import check_environment, for_environment
from sagebridge.project.layout import GeneratedProject as Project
from sagebridge.project.layout import load_project as load_generated

__all__ = ["BUCKET_OUTPUT", "ROLE_OUTPUT", "Project", "load_project"]

# Output keys of infrastructure/cloudformation/main.yaml.
ROLE_OUTPUT = "ExecutionRoleArn"
BUCKET_OUTPUT = "BucketName"


def load_project(out: Path, environment: str = contract.DEFAULT_ENVIRONMENT) -> Project:
    """The project in `out` with the names of `environment`'s resources (dev: metadata's)."""
    check_environment(environment)
    return for_environment(load_generated(out), environment)
