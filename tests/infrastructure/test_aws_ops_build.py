"""Issue 12 item 6: scripts/aws_ops.py builds the definition without the SDK's role validation.

SDK 3.27's ModelTrainer simulates the role's policies for smoke actions (ec2:*, ...) the
generated least-privilege role does not hold, and refuses to build unless
SAGEMAKER_VALIDATE_ROLE=false. moto does not implement iam:SimulatePrincipalPolicy (the SDK
then only warns), so a moto run cannot show the refusal: this test checks what the SDK reads,
the environment at the moment `get_pipeline` runs, with a stand-in pipeline.py.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

FAKE_PIPELINE = '''
import json, os

class _Pipeline:
    def __init__(self, seen):
        self.seen = seen
    def definition(self):
        return json.dumps(self.seen)

def get_pipeline(region, role, bucket):
    return _Pipeline({"validate": os.environ.get("SAGEMAKER_VALIDATE_ROLE"), "region": region,
                      "role": role, "bucket": bucket})
'''


def load_ops(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("aws_ops_under_test",
                                                  project / "scripts/aws_ops.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_definition_turns_off_role_validation(project_copy, monkeypatch: pytest.MonkeyPatch):
    project = project_copy("sklearn-digits")
    (project / "pipeline/pipeline.py").write_text(FAKE_PIPELINE)
    monkeypatch.delenv("SAGEMAKER_VALIDATE_ROLE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    ops = load_ops(project)
    role = "arn:aws:iam::123456789012:role/r"
    seen = json.loads(ops.build_definition(ops.Aws("http://127.0.0.1:9"), role, "b"))
    assert seen == {"validate": "false", "region": "eu-west-1", "role": role, "bucket": "b"}
