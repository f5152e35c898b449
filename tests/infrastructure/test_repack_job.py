"""Issue 12 item 13 (the SDK's hidden repack job): registering a model with inference code makes
the SDK add a training job that runs `_repack_model.py`. Left to the SDK it runs a fixed
scikit-learn 1.2-1 image (Python 3.8), its volume unencrypted by the stack's key. In the built
definition of every example it runs the training image the plan chose, writes only under the
pipeline's prefix (the uploads of the build too: nothing at the bucket root), encrypts with the
stack's key, and no local path of this machine appears.

What the offline build cannot show: that SageMaker runs the repack script on that image (it
needs only Python's standard library and the SDK's driver, which the Train step already runs
on the same image).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infrastructure.projects import EXAMPLES, names_of

REPACK = "RegisterModel-RepackModel-model"
OFFLINE_KEY = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"


def _steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for step in steps:
        found.append(step)
        if step["Type"] == "Condition":
            found += _steps(step["Arguments"]["IfSteps"]) + _steps(step["Arguments"]["ElseSteps"])
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_repack_job_runs_the_plans_image_under_the_pipeline_prefix(generated, example):
    from sagebridge.project.definition import build_offline_definition

    project: Path = generated[example]
    uploads: list[str] = []
    definition = build_offline_definition(
        project, timeout=600, on_upload=lambda uri, _body: uploads.append(uri))
    steps = {step["Name"]: step for step in _steps(definition["Steps"])}
    assert REPACK in steps, sorted(steps)  # every example registers with inference code
    repack, train = steps[REPACK]["Arguments"], steps["Train"]["Arguments"]
    images = json.loads((project / "metadata.json").read_text())["images"]

    image = repack["AlgorithmSpecification"]["TrainingImage"]
    assert image == train["AlgorithmSpecification"]["TrainingImage"]
    # The plan's version, CPU variant (the xgboost image has one variant and no suffix).
    assert image.rsplit(":", 1)[1].startswith(images["training_version"]), image
    assert "gpu" not in image, image
    assert "sagemaker-scikit-learn:1.2-1" not in json.dumps(definition)

    names = names_of(project)
    prefix = f"s3://{names.bucket_prefix}-000000000000-us-east-1/{names.pipeline}/"
    assert repack["OutputDataConfig"] == {
        "CompressionType": "GZIP", "KmsKeyId": OFFLINE_KEY, "S3OutputPath": f"{prefix}models"}
    assert repack["ResourceConfig"]["VolumeKmsKeyId"] == OFFLINE_KEY
    for channel in repack["InputDataConfig"]:
        uri = channel["DataSource"]["S3DataSource"]["S3Uri"]
        assert not isinstance(uri, str) or uri.startswith(prefix), (channel["ChannelName"], uri)
    assert uploads and all(uri.startswith(prefix) for uri in uploads), uploads

    text = json.dumps(definition)
    assert str(project) not in text and "/tmp/" not in text
    assert repack["HyperParameters"]["source_dir"] == "code"
