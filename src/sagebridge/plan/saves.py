"""Which model each save writes, and one batch to trace it with if TorchScript scripting fails.

Analysis found what each save writes (analyze/save_targets.py: `torch.save(model.state_dict(),
path)` saves `model`, a DataLoader of the same function to trace it with, the names its path
reads). Every save must end up in SM_MODEL_DIR: a save whose path does not come from a moved
model path is wrapped into it when the codemod can, else reported.
"""

from __future__ import annotations

from sagebridge.analyze.autolog import is_autolog
from sagebridge.model import Analysis, ModelSave, PathPlan, PathRole, SaveFormat, SavePlan
from sagebridge.model.facts import FABRIC_SAVE
from sagebridge.model.training import SaveFacts
from sagebridge.plan.positional import model_file_of

# A model logged to MLflow is also written here, in SM_MODEL_DIR, in a form the serving code loads.
LOGGED_MODEL_FILES = {SaveFormat.JOBLIB: "model.joblib", SaveFormat.XGBOOST: "model.json"}


def logged_model_file(save: ModelSave) -> str | None:
    """`mlflow.sklearn.log_model(model, ...)` -> "model.joblib" (`mlflow.xgboost.autolog()`:
    "model.json"); any other save -> None."""
    logged = save.call.endswith(".log_model") or is_autolog(save.call)
    if not logged or save.path is not None:
        return None
    return LOGGED_MODEL_FILES.get(save.format)


def _moved(save: ModelSave, facts: SaveFacts, paths: tuple[PathPlan, ...]) -> bool:
    """Does the save's path come (through module-level assignments) from a moved model path?"""
    model_paths = [p for p in paths if p.role is PathRole.MODEL and p.file == save.file]
    if any(p.line in {save.line, save.path_line} for p in model_paths):
        return True
    moved = {p.variable for p in model_paths if p.variable}
    # already reads SM_MODEL_DIR (migrated before), or reads a moved path's variable
    return facts.path_reads_model_dir or bool(moved & set(facts.path_names))


def _resumed_saves(analysis: Analysis, paths: tuple[PathPlan, ...]) -> set[tuple[str, int]]:
    """Saves of a file the script resumes from whose default path moved (`resume`): the runtime
    copies that file into SM_MODEL_DIR at the end, so the save itself stays as written."""
    moved = {(p.file, p.line) for p in paths if p.resume}
    return {
        (r.file, r.save_line) for r in analysis.training.resume_files if (r.file, r.line) in moved
    }


# Saves whose path argument the model_saving codemod can wrap (see model_placement.py).
PLACED_SAVES = frozenset({"torch.save", FABRIC_SAVE, "joblib.dump"})
TORCH_SAVES = frozenset({"torch.save", FABRIC_SAVE})  # torch.save underneath: export beside it


def plan_saves(
    analysis: Analysis, paths: tuple[PathPlan, ...]
) -> tuple[tuple[SavePlan, ...], tuple[str, ...]]:
    plans: list[SavePlan] = []
    warnings: list[str] = []
    resumed = _resumed_saves(analysis, paths)
    for save, facts in zip(analysis.model_saves, analysis.training.saves, strict=True):
        torch = save.call in TORCH_SAVES
        kept = logged_model_file(save) or model_file_of(analysis, save.path)
        own = (save.file, save.line) in resumed  # its file is moved into the checkpoint folder
        unplaced = kept is None and not own and not _moved(save, facts, paths)
        plans.append(
            SavePlan(
                call=save.call,
                format=save.format,
                file=save.file,
                line=save.line,
                path=save.path,
                model_variable=facts.model_variable,
                sample_batch=facts.sample_loader if torch else None,
                copy_to=logged_model_file(save),
                into_model_dir=unplaced and save.path is not None and save.call in PLACED_SAVES,
            )
        )
        if unplaced and not plans[-1].into_model_dir:
            warnings.append(
                f"{save.file}:{save.line}: {save.call} writes to {save.path}, which is not a "
                "hard-coded model path; make it save under os.environ['SM_MODEL_DIR']"
            )
    return tuple(plans), tuple(warnings)
