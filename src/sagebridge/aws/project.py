"""What the AWS commands read from a generated project (OUT/) and from its deployed stack.

The project itself is read by `sagebridge.project` (`load_project`: names from metadata.json,
the layout), as validate and the local runner read it. The role ARN and the bucket come from
the stack's outputs, whose keys the template defines.
"""

from __future__ import annotations

from sagebridge.project.layout import GeneratedProject as Project
from sagebridge.project.layout import load_project

__all__ = ["BUCKET_OUTPUT", "ROLE_OUTPUT", "Project", "load_project"]

# Output keys of infrastructure/cloudformation/main.yaml.
ROLE_OUTPUT = "ExecutionRoleArn"
BUCKET_OUTPUT = "BucketName"
