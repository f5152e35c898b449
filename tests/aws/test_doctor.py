"""`sagebridge doctor OUT` against moto on 127.0.0.1, on the generated ec2-mnist project.

What moto 5.2 cannot show, and so these tests do not claim:
* quotas: moto's Service Quotas lists no SageMaker instance quotas (or does not answer), so the
  quotas line is `skipped` with the reason, never `ok`; a zero quota is not reproduced;
* permissions: iam:SimulatePrincipalPolicy is not implemented (HTTP 500), so the line reads
  `skipped: cannot check`; a denied action is not reproduced;
* create-pipeline: moto accepts any definition, so `ok` there shows the throwaway copy was
  created and deleted, not that real SageMaker validates the definition (tests/validate's
  botocore-shape check does that offline);
* images: checked against the SageMaker SDK's image config for the region, not ECR itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sagebridge.aws.doctor import _images
from sagebridge.project.pipeline_definition import PipelineDefinition, parse_definition

from .conftest import NAMES, Runner


def _checks(document: str) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in json.loads(document)["checks"]}


def test_doctor_before_and_after_deploy(
    sb: Runner, boto: Callable[[str], Any], project: Path
) -> None:
    out = str(project)
    before = sb("doctor", out, "--json")
    assert before.code == 1, before.err
    checks = _checks(before.out)
    assert checks["region"]["status"] == "ok" and checks["region"]["detail"] == "us-east-1"
    assert checks["credentials"]["status"] == "ok"
    assert "123456789012" in checks["credentials"]["detail"]
    assert checks["stack"]["status"] == "fail" and "sagebridge deploy" in checks["stack"]["detail"]
    assert "create-pipeline" not in checks  # nothing past a failed stack is attempted

    assert sb("deploy", out).code == 0
    after = sb("doctor", out, "--json")
    checks = _checks(after.out)
    assert after.code == 0, after.out + after.err
    assert checks["stack"]["status"] == "ok"
    assert checks["definition"]["status"] == "ok"
    assert checks["images"]["status"] == "ok", checks["images"]
    assert checks["quotas"]["status"] == "skipped" and checks["quotas"]["detail"]
    assert checks["permissions"]["status"] == "skipped"
    assert checks["permissions"]["detail"].startswith("cannot check")
    assert checks["create-pipeline"]["status"] == "ok"
    # the throwaway copy is gone, and the real pipeline was never created
    names = {p["PipelineName"] for p in
             boto("sagemaker").list_pipelines()["PipelineSummaries"]}
    assert f"{NAMES.pipeline}-doctor" not in names and NAMES.pipeline not in names

    text = sb("doctor", out)
    assert text.code == 0
    assert any(line.startswith("skipped  permissions") for line in text.out.splitlines())


def _processing(image: str) -> PipelineDefinition:
    step = {"Name": "Prep", "Type": "Processing", "Arguments": {"AppSpecification": {
        "ImageUri": image}}}
    return parse_definition({"Steps": [step]})


def test_images_check_reads_the_sdks_image_config() -> None:
    """An image the SDK publishes in the region is ok; the same image from another region's
    registry, or an unknown repository, fails."""
    good = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
    other = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
    unknown = "683313688378.dkr.ecr.us-east-1.amazonaws.com/no-such-repository:1"
    assert _images(_processing(good), "us-east-1").status == "ok"
    for bad in (other, unknown):
        found = _images(_processing(bad), "us-east-1")
        assert found.status == "fail" and bad in found.detail
