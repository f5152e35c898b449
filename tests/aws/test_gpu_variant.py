"""GPU training (issue 12, item 7): the image is resolved when the definition is built, so a GPU
`TrainingInstanceType` needs a `--gpu` build (GPU image, GPU default instance), and a build of
one family refuses an instance type of the other: `execute`, `execute --dry-run` and
`run --local` (exit 2, one line). No AWS: the dry run builds the definition offline and moto is
not needed; what SageMaker would do with a CUDA-less image on a GPU host is not shown here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagebridge.aws.parameters import check_parameters
from sagebridge.errors import UserError
from sagebridge.local.run.graph import resolve_parameters
from sagebridge.project.parameters import read_parameters

from .conftest import Runner

SOURCE = Path("pipeline/pipeline.py")


def _definition(default_instance: str) -> dict[str, Any]:
    return {
        "Parameters": [
            {"Name": "TrainingInstanceType", "Type": "String", "DefaultValue": default_instance},
            {"Name": "QualityThreshold", "Type": "Float", "DefaultValue": 0.5},
        ]
    }


@pytest.mark.parametrize(
    ("built", "given", "fragment"),
    [
        ("ml.m5.xlarge", "ml.g5.xlarge", "is a GPU instance but the pipeline was built for CPU"),
        ("ml.m5.xlarge", "ml.p3.2xlarge", "build with --gpu"),
        ("ml.g5.xlarge", "ml.c5.2xlarge", "is a CPU instance but the pipeline was built with --gpu"),
    ],
)
def test_the_other_family_is_refused_in_execute_and_locally(
    built: str, given: str, fragment: str
) -> None:
    definition = _definition(built)
    with pytest.raises(UserError, match=fragment):
        check_parameters(read_parameters(definition), {"TrainingInstanceType": given}, SOURCE)
    with pytest.raises(UserError, match=fragment):
        resolve_parameters(read_parameters(definition), {"TrainingInstanceType": given})


def test_the_same_family_passes() -> None:
    check_parameters(read_parameters(_definition("ml.m5.xlarge")), {"TrainingInstanceType": "ml.c5.xlarge"}, SOURCE)
    check_parameters(read_parameters(_definition("ml.g5.xlarge")), {"TrainingInstanceType": "ml.g6.2xlarge"}, SOURCE)
    values = resolve_parameters(read_parameters(_definition("ml.g5.xlarge")), {"TrainingInstanceType": "ml.p4d.24xlarge"})
    assert values["TrainingInstanceType"] == "ml.p4d.24xlarge"


def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SAGEBRIDGE_ROLE_ARN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))


def test_dry_run_refuses_a_gpu_instance_for_a_cpu_build_and_gpu_builds_the_gpu_image(
    sb: Runner, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The generated ec2-mnist pipeline (PyTorch: CPU and GPU images)."""
    _offline(monkeypatch, tmp_path)
    base = ("execute", str(project), "-p", "QualityThreshold=0.9", "--dry-run")
    refused = sb(*base, "-p", "TrainingInstanceType=ml.g5.xlarge")
    assert refused.code == 2, refused.out + refused.err
    lines = [line for line in (refused.out + refused.err).splitlines() if line.strip()]
    assert len(lines) == 1 and "build with --gpu" in lines[0], lines
    accepted = sb(*base, "--gpu", "-p", "TrainingInstanceType=ml.g5.xlarge")
    assert accepted.code == 0, accepted.out + accepted.err
    refused_cpu = sb(*base, "--gpu", "-p", "TrainingInstanceType=ml.m5.xlarge")
    assert refused_cpu.code == 2, refused_cpu.out + refused_cpu.err

    built = subprocess.run(
        [sys.executable, "pipeline/pipeline.py", "--definition", "--gpu"],
        cwd=project, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    definition = json.loads(built.stdout)
    (train,) = [s for s in definition["Steps"] if s["Name"] == "Train"]
    image = train["Arguments"]["AlgorithmSpecification"]["TrainingImage"]
    assert "pytorch-training" in image and "-gpu-" in image, image
    default = {p["Name"]: p.get("DefaultValue") for p in definition["Parameters"]}
    assert default["TrainingInstanceType"].startswith("ml.g")
