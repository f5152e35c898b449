"""Keras / tf.keras: the model goes to SM_MODEL_DIR for TF Serving, checkpoints to the spot folder.

    model.fit(...)                     (+ the script's own model.save("m.keras"), if any)
    ->  sagebridge_runtime.export_keras(model)   after the save, else after the last `fit`:
        SM_MODEL_DIR/1/ (SavedModel, what the TF Serving container loads) + model.keras

    ModelCheckpoint(os.path.join(args.checkpoint_dir, ...)); --checkpoint-dir default "checkpoints"
    ->  default=sagebridge_runtime.checkpoint_path("checkpoints")   (the folder literal)

The folder literal is rewritten, not the callback, so the script's own restore routine (which
reads the same folder) finds what the callback wrote: under /opt/ml/checkpoints, which SageMaker
syncs to S3 and brings back when a spot job restarts. An argparse option naming that folder is
no longer a hyperparameter (the pipeline would pass its laptop default). A script with no
checkpoint callback gets `BackupAndRestore` in its last `fit`, which resumes an interrupted fit.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace

from sagebridge import contract
from sagebridge.analyze.keras_backend import DEFAULT_BACKEND
from sagebridge.model import (
    Analysis,
    Artifact,
    ArtifactStatus,
    Framework,
    KerasPlan,
    ModelSave,
    NoEvaluate,
    PathRole,
    SaveFormat,
    ServingInference,
    StepsPlan,
)
from sagebridge.model.training import SaveFacts
from sagebridge.plan.keras_backend import unknown_backend_warning

KERAS_FRAMEWORKS = frozenset({Framework.KERAS, Framework.TENSORFLOW})
SERVING_VERSION = "1"  # the runtime's KERAS_SERVING_VERSION: TF Serving's numbered folder
DEFAULT_KERAS_FILE = "model.keras"  # what export_keras writes when the script saves none
KERAS_DATASETS = ("keras.datasets.", "tensorflow.keras.datasets.")
INFERENCE_FILE = f"code/{contract.INFERENCE_SCRIPT}"
SERVING_REASON = (
    "the TensorFlow Serving container serves SM_MODEL_DIR/1/ (SavedModel) itself: "
    '{"instances": [...]} -> {"predictions": [...]}, no inference.py'
)
EVALUATE_REASON = (
    "a Keras model is not re-scored outside the script: the gate reads the training job's metric"
)


def plan_keras(
    analysis: Analysis, framework: Framework
) -> tuple[KerasPlan | None, frozenset[tuple[str, int]], tuple[str, ...]]:
    """(the plan, the (file, line)s of options that name a checkpoint folder, warnings)."""
    found = analysis.training.keras
    if framework not in KERAS_FRAMEWORKS or found is None:
        return None, frozenset(), ()
    file = analysis.entry_point
    fits = found.fits
    if not fits:
        return None, frozenset(), (f"{file}: no `fit` call found; the model is not exported",)
    last_fit = max(fits, key=lambda fit: fit.line)
    saves = [
        save
        for save in analysis.model_saves
        if save.file == file
        and save.format is SaveFormat.KERAS
        and save.call.endswith(".save")
        and save.target
        and save.line > last_fit.line
    ]
    keras_file: str | None = DEFAULT_KERAS_FILE
    if saves:
        anchor = max(saves, key=lambda save: save.line)
        model_variable, export_line = anchor.target or last_fit.receiver, anchor.line
        keras_file = _literal_name(_save_facts(analysis, anchor).path_literal)
    else:
        model_variable, export_line = last_fit.receiver, last_fit.line
    warnings: list[str] = [
        f"{download.file}:{download.line}: {download.call}() downloads {download.dataset} in the "
        "training job: it needs internet access there (no network isolation; a VPC needs NAT)"
        for download in analysis.dataset_downloads
        if download.call.startswith(KERAS_DATASETS)
    ]
    backend = found.backend
    warnings.extend(unknown_backend_warning(file, backend))
    backend = backend or DEFAULT_BACKEND
    literals: list[tuple[int, str]] = []
    options: set[tuple[str, int]] = set()
    folders = found.checkpoint_folders
    for folder in folders:
        if folder.line is None or folder.value is None:
            warnings.append(
                f"{file}:{folder.callback_line}: {folder.callback}'s folder could not be "
                "followed to a literal; its checkpoints stay where the script writes them"
            )
            continue
        if (folder.line, folder.value) not in literals:
            literals.append((folder.line, folder.value))
        if folder.argument_line is not None:
            options.add((file, folder.argument_line))
    plan = KerasPlan(
        file=file,
        model_variable=model_variable,
        export_line=export_line,
        checkpoint_literals=tuple(literals),
        backup_fit=None if folders else last_fit.line,
        backup_callbacks=last_fit.callbacks,
        artifacts=_artifacts(keras_file, backend),
        backend=backend,
    )
    return plan, frozenset(options), tuple(warnings)


def _artifacts(keras_file: str | None, backend: str) -> tuple[str, ...]:
    """What export_keras writes: the SavedModel (TensorFlow backend only) and the .keras file."""
    if backend != DEFAULT_BACKEND:
        return (keras_file or DEFAULT_KERAS_FILE,)
    return (SERVING_VERSION, keras_file) if keras_file else (SERVING_VERSION,)


def _literal_name(literal: str | None) -> str | None:
    """`"out/clf.keras"` -> `clf.keras` (the file lands in SM_MODEL_DIR under its own name);
    None when the path is not a literal (the name is known only at run time)."""
    if literal is None:
        return None
    name = posixpath.basename(literal)
    return name if name.endswith(".keras") else DEFAULT_KERAS_FILE


def _save_facts(analysis: Analysis, save: ModelSave) -> SaveFacts:
    return analysis.training.saves[analysis.model_saves.index(save)]


def unexported_steps(steps: StepsPlan, analysis: Analysis) -> StepsPlan:
    """A Keras/TF script with no `fit` (a GradientTape loop) and no save of its own: nothing
    lands in SM_MODEL_DIR, so nothing to register (as for any script that writes no model)."""
    if not steps.registers_model or analysis.model_saves or any(
        path.role is PathRole.MODEL for path in analysis.hard_coded_paths
    ):
        return steps
    why = (
        f"{analysis.entry_point} has no `fit` to export after and saves no model: "
        "nothing to register (save it, e.g. model.save('model.keras'), to get one)"
    )
    artifact = Artifact("RegisterModel", ArtifactStatus.LEFT_OUT, why)
    return replace(steps, artifacts=(*steps.artifacts, artifact), registers_model=False)


def serving_steps(steps: StepsPlan) -> StepsPlan:
    """A Keras project is served by TF Serving from its SavedModel: no generated handler."""
    artifacts = tuple(
        replace(artifact, reason=SERVING_REASON)
        if artifact.name == INFERENCE_FILE and artifact.status is ArtifactStatus.LEFT_OUT
        else replace(artifact, reason=EVALUATE_REASON)
        if artifact.name == "code/evaluate.py" and isinstance(steps.evaluate, NoEvaluate)
        else artifact
        for artifact in steps.artifacts
    )
    evaluate = steps.evaluate
    if isinstance(evaluate, NoEvaluate):
        evaluate = NoEvaluate(EVALUATE_REASON)
    return replace(
        steps, inference=ServingInference(SERVING_REASON), evaluate=evaluate, artifacts=artifacts
    )
