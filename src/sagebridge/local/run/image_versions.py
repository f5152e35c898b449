"""The versions each job step's image runs, beside the versions this machine runs the step with.

The local runner runs every step on this machine's Python and libraries; SageMaker runs it in
the step's image, whose Python and framework version sagebridge chose (metadata.json `images`,
plan/images.py). Each job step (Processing, Training, Tuning) gets a record of both, and one
warning per image whose Python or framework (major.minor) differs from here: a local success
then says less about the AWS run.

    versions = step_versions(out, steps)   # {step name: StepVersions}
    version_warnings(versions)             # ["Train, Evaluate: image ... runs Python 3.9 ..."]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata as distributions
from pathlib import Path
from typing import Any

from sagebridge.project.layout import METADATA_FILE
from sagebridge.project.pipeline_definition import ProcessingStep, Step, TrainingStep, TuningStep

HF_REPOSITORY = "huggingface"
HF_LIBRARY = "transformers"
_VERSION = re.compile(r"\d+(?:\.\d+)?")
_PY_TAG = re.compile(r"py(\d)(\d+)")


@dataclass(frozen=True)
class StepVersions:
    image: str
    python: str  # the image's, "3.9"
    libraries: Mapping[str, str]  # distribution -> the image's version ("scikit-learn": "1.9-0")
    local_python: str
    local_libraries: Mapping[str, str | None]  # None: not installed here
    differences: tuple[str, ...]  # what differs, in words

    def document(self) -> dict[str, Any]:
        return {
            "image": self.image,
            "image_python": self.python,
            "image_libraries": dict(self.libraries),
            "local_python": self.local_python,
            "local_libraries": dict(self.local_libraries),
            "differences": list(self.differences),
        }


def _major_minor(version: str) -> str | None:
    match = _VERSION.match(version)
    return match.group(0) if match else None


def _local_version(distribution: str) -> str | None:
    try:
        return distributions.version(distribution)
    except distributions.PackageNotFoundError:
        return None


def _python(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0]}.{value[1]}"
    match = _PY_TAG.fullmatch(str(value))  # "py312"
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _image_of(step: Step) -> str | None:
    if isinstance(step, ProcessingStep | TrainingStep):
        image = step.job.image
    elif isinstance(step, TuningStep):
        image = None if step.job is None else step.job.image
    else:
        return None
    return image if isinstance(image, str) else None


def _target(image: str, images: Mapping[str, Any]) -> tuple[str | None, dict[str, str]]:
    """(Python, {distribution: version}) the image runs, from the plan's image record."""
    repository = image.rsplit("/", 1)[-1].split(":", 1)[0]
    hf = images.get("huggingface")
    if HF_REPOSITORY in repository and isinstance(hf, Mapping):
        libraries = {HF_LIBRARY: str(hf.get("training_version", ""))}
        base = re.fullmatch(r"pytorch([\d.]+)", str(hf.get("training_base", "")))
        if base and images.get("requirement"):
            libraries[str(images["requirement"])] = base.group(1)
        return _python(hf.get("training_py_version")), libraries
    libraries = {}
    if images.get("requirement") and images.get("training_version"):
        libraries[str(images["requirement"])] = str(images["training_version"])
    return _python(images.get("python")), libraries


def _differences(python: str | None, libraries: Mapping[str, str],
                 local: Mapping[str, str | None]) -> tuple[str, ...]:
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    found = []
    if python is not None and python != here:
        found.append(f"Python {python} there, {here} here")
    for name, version in libraries.items():
        mine = local.get(name)
        if mine is None:
            found.append(f"{name} {version} there, not installed here")
        elif _major_minor(version.replace("-", ".")) != _major_minor(mine):
            found.append(f"{name} {version} there, {mine} here")
    return tuple(found)


def step_versions(out: Path, steps: Iterable[Step]) -> dict[str, StepVersions]:
    """{job step name: its image's versions and this machine's}; {} without metadata.json."""
    try:
        images = json.loads((out / METADATA_FILE).read_text(encoding="utf-8"))["images"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(images, Mapping):
        return {}
    local_python = f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    found = {}
    for step in steps:
        image = _image_of(step)
        if image is None:
            continue
        python, libraries = _target(image, images)
        local = {name: _local_version(name) for name in libraries}
        found[step.name] = StepVersions(
            image=image, python=python or "unknown", libraries=libraries,
            local_python=local_python, local_libraries=local,
            differences=_differences(python, libraries, local),
        )  # fmt: skip
    return found


def version_warnings(versions: Mapping[str, StepVersions]) -> list[str]:
    """One warning per image that differs from this machine, naming its steps."""
    by_image: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, record in versions.items():
        if record.differences:
            by_image.setdefault((record.image, record.differences), []).append(name)
    return [
        f"{', '.join(names)}: ran here, but SageMaker runs {image} ({'; '.join(differences)}):"
        " a local success says less about the AWS run"
        for (image, differences), names in by_image.items()
    ]
