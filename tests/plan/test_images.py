"""Container images from the user's pins (issue 12, item 3): plan/images.py and its data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from sagebridge.model import Dependency, DependencyStatus, Framework
from sagebridge.plan.image_config import IMAGE_CONFIG
from sagebridge.plan.images import plan_images

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "gen_image_config.py"


def _pinned(name: str, declared: str | None) -> list[Dependency]:
    return [Dependency(name, declared, DependencyStatus.COMPATIBLE)]


def test_the_shipped_config_is_the_installed_sdks() -> None:
    try:
        metadata.distribution("sagemaker-core")
    except metadata.PackageNotFoundError:
        pytest.skip("sagemaker-core (the aws extra) is not installed: nothing to compare with")
    spec = importlib.util.spec_from_file_location("gen_image_config", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.extract(generator.config_dir()) == IMAGE_CONFIG, (
        "regenerate: python scripts/gen_image_config.py"
    )


@pytest.mark.parametrize(
    ("framework", "name", "declared", "training", "inference", "python"),
    [
        (Framework.SKLEARN, "scikit-learn", "scikit-learn==1.2.2", "1.2-1", "1.2-1", (3, 9)),
        (Framework.XGBOOST, "xgboost", "xgboost==1.7.6", "1.7-1", "1.7-1", (3, 8)),
        (Framework.PYTORCH, "torch", "torch==2.4.1", "2.4.0", "2.4.0", (3, 11)),
        (Framework.PYTORCH, "torch", "torch>=2.0,<2.6", "2.5.1", "2.5.1", (3, 11)),
        # Inference images stop at 2.6.0: the newest not above the training version.
        (Framework.PYTORCH, "torch", "torch==2.8.0", "2.8.0", "2.6.0", (3, 12)),
    ],
)
def test_the_closest_supported_version_to_the_pin(
    framework: Framework,
    name: str,
    declared: str,
    training: str,
    inference: str,
    python: tuple[int, int],
) -> None:
    images = plan_images(framework, _pinned(name, declared))
    assert (images.training_version, images.inference_version) == (training, inference)
    assert images.python == python
    assert images.requirement == declared


def test_unpinned_or_newer_than_any_takes_the_newest() -> None:
    newest = max(IMAGE_CONFIG["pytorch"]["training"], key=lambda v: tuple(map(int, v.split("."))))
    for declared in (None, "torch", "torch==9.9"):
        images = plan_images(Framework.PYTORCH, _pinned("torch", declared))
        assert images.training_version == newest
        assert images.training_py_version in IMAGE_CONFIG["pytorch"]["training"][newest]["py_versions"]
        assert images.inference_version in IMAGE_CONFIG["pytorch"]["inference"]
        assert images.gpu


def test_sklearn_has_no_gpu_image_and_its_python_is_our_own_data() -> None:
    images = plan_images(Framework.SKLEARN, _pinned("scikit-learn", "scikit-learn~=1.2.0"))
    assert not images.gpu
    assert images.training_py_version == "py3"  # all the SDK's config says
    assert "SAGEMAKER_FACTS" in images.python_source


def test_planning_never_imports_the_sdk() -> None:
    code = (
        "import sys; import sagebridge.plan, sagebridge.plan.images; "
        "print(sorted(m for m in sys.modules if m == 'sagemaker' or m.startswith('sagemaker.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.strip().replace("'", '"')) == []
