"""Keras 3 on another backend than TensorFlow: what the job can export, and where it runs.

    os.environ["KERAS_BACKEND"] = "torch"      (analyze/keras_backend.py)
    ->  the PyTorch training image (torch is there; keras comes from requirements.txt);
        SM_MODEL_DIR gets model.keras only: Keras exports a TF SavedModel (what the TensorFlow
        Serving container loads) only from the TensorFlow backend (on torch, `model.export`
        goes through torch.export and fails), so no endpoint, with the reason in migrate's list
    os.environ["KERAS_BACKEND"] = "jax"
    ->  the TensorFlow image plus `jax` in requirements.txt; model.keras only, no endpoint

The gate reads the training job's metric, as for every Keras project (plan/keras.py).
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.analyze.keras_backend import DEFAULT_BACKEND
from sagebridge.model import (
    ArtifactStatus,
    Framework,
    KerasPlan,
    NoInference,
    StepsPlan,
)

INFERENCE_FILE = "code/inference.py"
# The framework whose image runs a Keras script on each backend (TensorFlow's has TF only).
IMAGE_FRAMEWORK = {"torch": Framework.PYTORCH}
BACKEND_REQUIREMENTS = {"jax": "jax"}


def serves_saved_model(keras: KerasPlan | None) -> bool:
    """Whether the job exports the TF SavedModel the TensorFlow Serving container loads."""
    return keras is None or keras.backend == DEFAULT_BACKEND


def unknown_backend_warning(file: str, backend: str | None) -> tuple[str, ...]:
    if backend is not None:
        return ()
    warning = (
        f"{file}: KERAS_BACKEND is set to a value that is not a literal; the migration assumes "
        f"{DEFAULT_BACKEND} (a TF SavedModel for TF Serving)"
    )
    return (warning,)


def no_endpoint_reason(backend: str) -> str:
    return (
        f"Keras on the {backend} backend exports no TF SavedModel (only the TensorFlow backend "
        "does) and no serving container loads model.keras: model.keras is in the model archive, "
        "no endpoint"
    )


def backend_steps(steps: StepsPlan, keras: KerasPlan) -> StepsPlan:
    """No endpoint for a model exported as model.keras only (after plan/keras.serving_steps)."""
    if serves_saved_model(keras):
        return steps
    why = no_endpoint_reason(keras.backend)
    artifacts = tuple(
        replace(artifact, status=ArtifactStatus.LEFT_OUT, reason=why)
        if artifact.name == INFERENCE_FILE
        else artifact
        for artifact in steps.artifacts
    )
    return replace(steps, inference=NoInference(why), artifacts=artifacts)


def image_framework(framework: Framework, keras: KerasPlan | None) -> Framework:
    """The framework whose training image runs the script."""
    if keras is None:
        return framework
    return IMAGE_FRAMEWORK.get(keras.backend, framework)


def backend_requirements(requirements: tuple[str, ...], keras: KerasPlan | None) -> tuple[str, ...]:
    """requirements.txt plus what the backend needs that its image lacks."""
    extra = BACKEND_REQUIREMENTS.get(keras.backend) if keras is not None else None
    if extra is None or any(line.split("=")[0].split("<")[0].split(">")[0].strip() == extra
                            for line in requirements):
        return requirements
    return tuple(sorted((*requirements, extra), key=str.lower))
