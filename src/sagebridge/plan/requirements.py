"""`requirements.txt` for the SageMaker source directory (pip-installed before the script runs).

The PyTorch training images already ship torch/torchvision/torchaudio built for their CUDA
version: installing them again from PyPI would replace that build (minutes per job, and possibly
a wheel that does not match the image's CUDA). Everything else the project uses is listed as
declared; pip leaves packages the image already has alone.
"""

from __future__ import annotations

from sagebridge.model import Dependency, Framework

PREINSTALLED = {Framework.PYTORCH: frozenset({"torch", "torchvision", "torchaudio"})}


def plan_requirements(
    dependencies: tuple[Dependency, ...], framework: Framework
) -> tuple[str, ...]:
    skip = PREINSTALLED.get(framework, frozenset())
    lines = {dep.declared or dep.name for dep in dependencies if dep.name not in skip}
    return tuple(sorted(lines, key=str.lower))
