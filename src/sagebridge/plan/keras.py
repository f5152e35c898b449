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

from collections.abc import Mapping

from sagebridge.analyze.keras import find_checkpoint_folders, find_fits
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Analysis, Framework, KerasPlan, SaveFormat

KERAS_FRAMEWORKS = frozenset({Framework.KERAS, Framework.TENSORFLOW})


def plan_keras(
    analysis: Analysis, sources: Mapping[str, str], framework: Framework
) -> tuple[KerasPlan | None, frozenset[tuple[str, int]], tuple[str, ...]]:
    """(the plan, the (file, line)s of options that name a checkpoint folder, warnings)."""
    if framework not in KERAS_FRAMEWORKS or analysis.entry_point not in sources:
        return None, frozenset(), ()
    file = analysis.entry_point
    module = ParsedModule.parse(file, sources[file])
    fits = find_fits(module)
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
    if saves:
        anchor = max(saves, key=lambda save: save.line)
        model_variable, export_line = anchor.target or last_fit.receiver, anchor.line
    else:
        model_variable, export_line = last_fit.receiver, last_fit.line
    warnings: list[str] = []
    literals: list[tuple[int, str]] = []
    options: set[tuple[str, int]] = set()
    folders = find_checkpoint_folders(module)
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
    )
    return plan, frozenset(options), tuple(warnings)
