"""Plan how evaluate.py and inference.py rebuild the user's model without importing their code.

Before (the user's train.py)              After (ModelPlan)
    import os, time                           definition = '''import torch
    import torch                              import torch.nn as nn
    import torch.nn as nn                     import torch.nn.functional as F
    class Net(nn.Module): ...                 class Net(nn.Module): ...'''
    model = Net().to(device)                  class_name="Net", constructor_args=""

For scikit-learn and XGBoost there is no class to carry over: the trained estimator is pickled
(joblib) or saved in XGBoost's own format, so the plan names the estimator, leaves `definition`
empty and says which file to load.
"""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import (
    Analysis,
    Framework,
    MeasuredKind,
    MeasuredMetric,
    Metric,
    ModelLoader,
    ModelPlan,
    ModelSave,
    SaveFormat,
)
from sagebridge.model.model_build import TorchModelFacts
from sagebridge.model.training import SaveFacts
from sagebridge.plan.constructor_args import constructor_args_of
from sagebridge.plan.fidelity import NoteStep, Unfaithful
from sagebridge.plan.metrics import metric_name
from sagebridge.plan.model_settings import with_module_settings
from sagebridge.plan.positional import model_file_of
from sagebridge.plan.saves import logged_model_file

__all__ = ["measured_metrics", "plan_model"]

_TORCH_FORMATS = (SaveFormat.STATE_DICT, SaveFormat.TORCHSCRIPT)
_PICKLE_FORMATS = (SaveFormat.JOBLIB, SaveFormat.PICKLE)
# Where the migrated script writes an estimator whose original path we cannot resolve.
_DEFAULT_FILES = {
    SaveFormat.JOBLIB: "model.joblib",
    SaveFormat.PICKLE: "model.joblib",
    SaveFormat.XGBOOST: "xgboost-model.json",
}


def plan_model(analysis: Analysis) -> ModelPlan | None:
    """The model's standalone definition and artifacts, or None when there is nothing to load.

    None means the script saves no model we know how to load (no `ModelSave` of a supported
    format, or a PyTorch model class that is never saved: a VAE that only writes sample
    images); evaluation and inference then can't be generated.
    """
    metrics = measured_metrics(analysis.metrics, analysis.training.percent_expressions)
    formats = {save.format for save in analysis.model_saves}
    # A Lightning script saves nothing itself: sagebridge_lightning writes its module's
    # state_dict and TorchScript into SM_MODEL_DIR after fit.
    saved = bool(analysis.model_saves) or Framework.LIGHTNING in analysis.frameworks
    built = analysis.training.model
    if built is not None and saved and (
        formats & set(_TORCH_FORMATS) or Framework.PYTORCH in analysis.frameworks
    ):
        return _torch_plan(analysis, built, metrics)
    xgboost_save = _first(analysis, analysis.model_saves, (SaveFormat.XGBOOST,))
    if xgboost_save is not None:
        return _estimator_plan(
            *xgboost_save, Framework.XGBOOST, ModelLoader.XGBOOST, metrics,
            model_file_of(analysis, xgboost_save[0].path),
        )
    # A torch.save of something not a model class of the script's (a checkpoint dict of a
    # torchvision model, `torch.save(state, filename)`) is no estimator joblib can load.
    estimator_saves = tuple(s for s in analysis.model_saves if not s.call.startswith("torch."))
    pickle_save = _first(analysis, estimator_saves, _PICKLE_FORMATS)
    if pickle_save is not None:
        framework = (
            Framework.XGBOOST
            if Framework.XGBOOST in analysis.frameworks
            and Framework.SKLEARN not in analysis.frameworks
            else Framework.SKLEARN
        )
        return _estimator_plan(
            *pickle_save, framework, ModelLoader.JOBLIB, metrics,
            model_file_of(analysis, pickle_save[0].path),
        )
    return None


def measured_metrics(
    metrics: tuple[Metric, ...], percent: tuple[str, ...] = ()
) -> tuple[MeasuredMetric, ...]:
    """The script's metrics that evaluate.py knows how to recompute, by name and expression."""
    measured = []
    for metric in metrics:
        kind = _metric_kind(metric.name)
        if kind is None or not metric.held_out:  # evaluate.py measures on the test set only
            continue
        # `100.0 * correct / n` reports a percentage (analyze/metric_scale.py): the same scale
        scale = 100.0 if metric.expression in percent else 1.0
        # Named as plan/metrics.py names the logged metric, so the objective matches.
        measured.append(MeasuredMetric(metric_name(metric.name), kind, scale, kind is not MeasuredKind.LOGLOSS))
    return tuple(measured)


# ---- PyTorch ---------------------------------------------------------------------------------


def _torch_plan(
    analysis: Analysis, built: TorchModelFacts, metrics: tuple[MeasuredMetric, ...]
) -> ModelPlan:
    notes: list[str] = []
    constructor_args = ""
    settings: tuple[tuple[str, str], ...] = ()
    if built.instantiated:
        constructor_args, arg_notes, settings = constructor_args_of(built)
        notes.extend(arg_notes)
    else:
        notes.append(Unfaithful(
            f"{built.class_name} is never instantiated in {analysis.entry_point}: its "
            "constructor arguments are unknown", NoteStep.MODEL,
        ))  # fmt: skip
    notes.extend(Unfaithful(note, NoteStep.MODEL) for note in built.definition_notes)
    return with_module_settings(ModelPlan(
        class_name=built.class_name,
        constructor_args=constructor_args,
        definition=built.definition,
        framework=Framework.PYTORCH,
        artifacts=(contract.STATE_DICT_FILE, contract.TORCHSCRIPT_FILE),
        loader=ModelLoader.TORCH,
        state_dict_file=contract.STATE_DICT_FILE,
        torchscript_file=contract.TORCHSCRIPT_FILE,
        source_file=built.file,
        source_line=built.line,
        measured_metrics=metrics,
        notes=tuple(notes),
        hyperparameter_args=settings,
    ), built, Framework.LIGHTNING in analysis.frameworks)


# ---- scikit-learn / XGBoost ------------------------------------------------------------------


def _estimator_plan(
    save: ModelSave,
    facts: SaveFacts,
    framework: Framework,
    loader: ModelLoader,
    metrics: tuple[MeasuredMetric, ...],
    known_file: str | None = None,  # the file a positional model path gets (plan/positional.py)
) -> ModelPlan:
    notes: list[str] = []
    file_name = known_file or logged_model_file(save) or facts.file_name
    if file_name is None:
        file_name = _DEFAULT_FILES[save.format]
        notes.append(Unfaithful(
            f"could not resolve the save path `{save.path}` ({save.file}:{save.line}): "
            "the model file's name is unknown", NoteStep.MODEL,
        ))  # fmt: skip
    return ModelPlan(
        class_name=facts.estimator_class or ("Booster" if loader is ModelLoader.XGBOOST else ""),
        constructor_args="",
        definition="",
        framework=framework,
        artifacts=(file_name,),
        loader=loader,
        model_file=file_name,
        source_file=save.file,
        source_line=save.line,
        measured_metrics=metrics,
        notes=tuple(notes),
    )


def _first(
    analysis: Analysis, saves: tuple[ModelSave, ...], formats: tuple[SaveFormat, ...]
) -> tuple[ModelSave, SaveFacts] | None:
    """The first save of one of `formats`, with what analysis found it writes."""
    found = next((save for save in saves if save.format in formats), None)
    if found is None:
        return None
    return found, analysis.training.saves[analysis.model_saves.index(found)]
# ---- metrics ---------------------------------------------------------------------------------


def _metric_kind(name: str) -> MeasuredKind | None:
    lowered = name.lower()
    if "auc" in lowered:
        return MeasuredKind.AUC
    if "logloss" in lowered or "log_loss" in lowered:
        return MeasuredKind.LOGLOSS
    if "accuracy" in lowered or lowered.endswith("_acc"):
        return MeasuredKind.ACCURACY
    return None
