"""Issue 12 item 6: `sagebridge execute` (and so scripts/run_pipeline.sh, which runs it) builds
the definition without the SDK's role validation.

SDK 3.27's ModelTrainer simulates the role's policies for smoke actions (ec2:*, ...) the
generated least-privilege role does not hold, and refuses to build unless
SAGEMAKER_VALIDATE_ROLE=false. moto does not implement iam:SimulatePrincipalPolicy (the SDK
then only warns), so a moto run cannot show the refusal: this test checks what the SDK reads,
the environment at the moment `get_pipeline` runs, with a stand-in pipeline.py.
"""

from __future__ import annotations

import json

import pytest

from sagebridge.aws.definition import Variant, deployable_definition
from sagebridge.aws.project import load_project

FAKE_PIPELINE = '''
import json, os

class _Pipeline:
    def __init__(self, seen):
        self.seen = seen
    def definition(self):
        return json.dumps({"Steps": [], **self.seen})

def get_pipeline(region, role, bucket, tuning=False, use_spot=False):
    return _Pipeline({"validate": os.environ.get("SAGEMAKER_VALIDATE_ROLE"), "region": region,
                      "role": role, "bucket": bucket})
'''


def test_build_definition_turns_off_role_validation(project_copy, monkeypatch: pytest.MonkeyPatch):
    project = project_copy("sklearn-digits")
    (project / "pipeline/pipeline.py").write_text(FAKE_PIPELINE)
    monkeypatch.delenv("SAGEMAKER_VALIDATE_ROLE", raising=False)
    role = "arn:aws:iam::123456789012:role/r"
    text = deployable_definition(load_project(project), role_arn=role, bucket="b",
                                 region="eu-west-1", endpoint_url="http://127.0.0.1:9",
                                 profile=None, variant=Variant())
    assert json.loads(text) == {"Steps": [], "validate": "false", "region": "eu-west-1",
                                "role": role, "bucket": "b"}
