"""The Hugging Face training and inference images for the user's transformers and torch pins.

    with_huggingface_images(images, analysis)
    # ImagePlan(..., huggingface=HuggingFaceImages("5.3.0", "pytorch2.9.0", "py312",
    #                                              "5.5.3", "pytorch2.6.0", "py312"))

From the SDK's `huggingface` image config (HUGGINGFACE_CONFIG, extracted by
scripts/gen_image_config.py): the transformers version closest to the pin in requirements
(the newest when unpinned), then, among that release's PyTorch bases, the one closest to the
torch pin. The training DLC exists only for GPUs, so a CPU build keeps the PyTorch image for
training and processing (transformers then comes from requirements.txt); inference always runs
the HF inference DLC (CPU and GPU), whose Python the inference code is checked against.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.model import Analysis, Framework, HuggingFaceImages, ImageFamily, ImagePlan
from sagebridge.plan.image_config import HUGGINGFACE_CONFIG
from sagebridge.plan.images import _pick

BASE_PREFIX = "pytorch"
FAMILY = ImageFamily.HUGGINGFACE  # plan/image_registries.py's name for the images these need


def with_huggingface_images(images: ImagePlan, analysis: Analysis) -> ImagePlan:
    """`images` with the HF DLCs added, for a project that uses transformers; else as given."""
    if Framework.TRANSFORMERS not in analysis.frameworks:
        return images
    declared = {d.name: d.declared for d in analysis.dependencies}
    training = _choose("training", declared.get("transformers"), declared.get("torch"))
    inference = _choose("inference", declared.get("transformers"), declared.get("torch"))
    chosen = HuggingFaceImages(*training, *inference)
    # The code must run on both training images (PyTorch on CPU, HF on GPU): the older Python.
    return replace(
        images,
        huggingface=chosen,
        python=min(images.python, (3, int(chosen.training_py_version[3:]))),
        inference_python=(3, int(chosen.inference_py_version[3:])),
    )


def image_family(images: ImagePlan | None, framework: str) -> str:
    """Which image family the IAM policies must allow pulling (plan/iam.py): the images' own
    (a Keras 3 script on the torch backend trains on the PyTorch image, not TensorFlow's)."""
    if images is None:
        return framework
    return FAMILY if images.huggingface is not None else images.framework


def _choose(scope: str, transformers: str | None, torch: str | None) -> tuple[str, str, str]:
    """(transformers version, base framework, py_version) of one scope's DLC."""
    versions = HUGGINGFACE_CONFIG[scope]["versions"]
    version = _pick(versions, transformers)
    bases = versions[version]
    by_number = {base[len(BASE_PREFIX) :]: base for base in bases}
    base = by_number[_pick(by_number, torch)]
    labelled = sorted(bases[base], key=lambda py: int(py[3:]) if py[3:].isdigit() else 0)
    return version, base, labelled[-1]
