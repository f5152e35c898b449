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

import ast
import posixpath

from sagebridge import contract
from sagebridge.analyze.index import SourceIndex, Unresolved, call_name
from sagebridge.model import (
    Analysis,
    Framework,
    MeasuredKind,
    MeasuredMetric,
    Metric,
    ModelClass,
    ModelLoader,
    ModelPlan,
    ModelSave,
    SaveFormat,
)
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


def plan_model(analysis: Analysis, modules: SourceIndex) -> ModelPlan | None:
    """The model's standalone definition and artifacts, or None when there is nothing to load.

    None means the script saves no model we know how to load (no `ModelSave` of a supported
    format, or a PyTorch model class that is never saved: a VAE that only writes sample
    images); evaluation and inference then can't be generated.
    """
    index = modules.with_hyperparameters(analysis.hyperparameters)
    metrics = measured_metrics(analysis.metrics)
    formats = {save.format for save in analysis.model_saves}
    # A Lightning script saves nothing itself: sagebridge_lightning writes its module's
    # state_dict and TorchScript into SM_MODEL_DIR after fit.
    saved = bool(analysis.model_saves) or Framework.LIGHTNING in analysis.frameworks
    if analysis.model_classes and saved and (
        formats & set(_TORCH_FORMATS) or Framework.PYTORCH in analysis.frameworks
    ):
        return _torch_plan(analysis, index, metrics)
    xgboost_save = _first(analysis.model_saves, (SaveFormat.XGBOOST,))
    if xgboost_save is not None:
        return _estimator_plan(
            index, xgboost_save, Framework.XGBOOST, ModelLoader.XGBOOST, metrics,
            model_file_of(analysis, xgboost_save.path),
        )
    # A torch.save of something not a model class of the script's (a checkpoint dict of a
    # torchvision model, `torch.save(state, filename)`) is no estimator joblib can load.
    estimator_saves = tuple(s for s in analysis.model_saves if not s.call.startswith("torch."))
    pickle_save = _first(estimator_saves, _PICKLE_FORMATS)
    if pickle_save is not None:
        framework = (
            Framework.XGBOOST
            if Framework.XGBOOST in analysis.frameworks
            and Framework.SKLEARN not in analysis.frameworks
            else Framework.SKLEARN
        )
        return _estimator_plan(
            index, pickle_save, framework, ModelLoader.JOBLIB, metrics,
            model_file_of(analysis, pickle_save.path),
        )
    return None


def measured_metrics(metrics: tuple[Metric, ...]) -> tuple[MeasuredMetric, ...]:
    """The script's metrics that evaluate.py knows how to recompute, by name and expression."""
    measured = []
    for metric in metrics:
        kind = _metric_kind(metric.name)
        if kind is None or not metric.held_out:  # evaluate.py measures on the test set only
            continue
        scale = 100.0 if _multiplies_by_100(metric.expression) else 1.0
        # Named as plan/metrics.py names the logged metric, so the objective matches.
        measured.append(MeasuredMetric(metric_name(metric.name), kind, scale, kind is not MeasuredKind.LOGLOSS))
    return tuple(measured)


# ---- PyTorch ---------------------------------------------------------------------------------


def _torch_plan(
    analysis: Analysis, index: SourceIndex, metrics: tuple[MeasuredMetric, ...]
) -> ModelPlan:
    model_class = _instantiated_class(analysis, index)
    notes: list[str] = []
    call = _instantiation(index, analysis.entry_point, model_class)
    roots = {model_class.name}
    constructor_args = ""
    settings: tuple[tuple[str, str], ...] = ()
    if call is not None:
        constructor_args, arg_roots, arg_notes, settings = constructor_args_of(
            index, model_class, call
        )
        roots |= arg_roots
        notes.extend(arg_notes)
    else:
        notes.append(Unfaithful(
            f"{model_class.name} is never instantiated in {analysis.entry_point}: its "
            "constructor arguments are unknown", NoteStep.MODEL,
        ))  # fmt: skip
    definition, definition_notes = index.standalone_source(model_class.file, roots)
    notes.extend(Unfaithful(note, NoteStep.MODEL) for note in definition_notes)
    return with_module_settings(ModelPlan(
        class_name=model_class.name,
        constructor_args=constructor_args,
        definition=definition,
        framework=Framework.PYTORCH,
        artifacts=(contract.STATE_DICT_FILE, contract.TORCHSCRIPT_FILE),
        loader=ModelLoader.TORCH,
        state_dict_file=contract.STATE_DICT_FILE,
        torchscript_file=contract.TORCHSCRIPT_FILE,
        source_file=model_class.file,
        source_line=model_class.line,
        measured_metrics=metrics,
        notes=tuple(notes),
        hyperparameter_args=settings,
    ), index, Framework.LIGHTNING in analysis.frameworks)


def _instantiated_class(analysis: Analysis, index: SourceIndex) -> ModelClass:
    """The model class the entry point builds (a helper block it also defines is not it)."""
    for model_class in analysis.model_classes:
        if _instantiation(index, analysis.entry_point, model_class) is not None:
            return model_class
    return analysis.model_classes[0]


def _instantiation(index: SourceIndex, file: str, model_class: ModelClass) -> ast.Call | None:
    calls = index.find_calls(file, model_class.name)
    return calls[0] if calls else None


# ---- scikit-learn / XGBoost ------------------------------------------------------------------


def _estimator_plan(
    index: SourceIndex,
    save: ModelSave,
    framework: Framework,
    loader: ModelLoader,
    metrics: tuple[MeasuredMetric, ...],
    known_file: str | None = None,  # the file a positional model path gets (plan/positional.py)
) -> ModelPlan:
    notes: list[str] = []
    file_name = known_file or logged_model_file(save) or _saved_file_name(index, save)
    if file_name is None:
        file_name = _DEFAULT_FILES[save.format]
        notes.append(Unfaithful(
            f"could not resolve the save path `{save.path}` ({save.file}:{save.line}): "
            "the model file's name is unknown", NoteStep.MODEL,
        ))  # fmt: skip
    return ModelPlan(
        class_name=_estimator_class(index, save) or ("Booster" if loader is ModelLoader.XGBOOST else ""),
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


def _saved_file_name(index: SourceIndex, save: ModelSave) -> str | None:
    """Base name of the original destination (`./models/model.joblib` -> `model.joblib`)."""
    if save.path is None or save.file not in index.modules:
        return None
    try:
        node = ast.parse(save.path, mode="eval").body
    except SyntaxError:
        return None
    # Re-locate the expression in the module so names resolve in the right scope.
    module = index.modules[save.file]
    for candidate in ast.walk(module.tree):
        if (
            isinstance(candidate, ast.expr)
            and getattr(candidate, "lineno", None) == save.line
            and ast.dump(candidate) == ast.dump(node)
        ):
            node = candidate
            break
    try:
        value = index.resolve(save.file, node)
    except Unresolved:
        return _trailing_file_name(module.tree, node)
    return posixpath.basename(value) if isinstance(value, str) and value else None


def _trailing_file_name(tree: ast.Module, node: ast.expr) -> str | None:
    """The file name a path ends with when its folder is not a constant:
    `os.path.join(OUT_DIR, "model.json")`, `out / "model.joblib"`, or a name assigned once
    to one of those -> the last literal, when it names a file (`model.json`)."""
    for _ in range(12):
        if isinstance(node, ast.Name):
            values = [
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Assign)
                and len(n.targets) == 1
                and isinstance(n.targets[0], ast.Name)
                and n.targets[0].id == node.id
            ]
            if len(values) != 1:
                return None
            node = values[0]
        elif isinstance(node, ast.Call) and call_name(node) in {"str", "os.fspath"} and node.args:
            node = node.args[0]
        elif isinstance(node, ast.Call) and call_name(node).endswith("join") and node.args:
            node = node.args[-1]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            node = node.right
        else:
            break
    text = node.value if isinstance(node, ast.Constant) else None
    name = posixpath.basename(text) if isinstance(text, str) else ""
    return name if "." in name.strip(".") else None


def _estimator_class(index: SourceIndex, save: ModelSave) -> str | None:
    """`model = RandomForestClassifier(...)` -> "RandomForestClassifier"."""
    module = index.modules.get(save.file)
    target = save.target or ""
    if module is None or not target.isidentifier():
        return None
    assigned: list[ast.Assign] = [
        node
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Assign)
        and node.lineno < save.line
        and any(isinstance(t, ast.Name) and t.id == target for t in node.targets)
        and isinstance(node.value, ast.Call)
    ]
    if not assigned:
        return None
    call = max(assigned, key=lambda node: node.lineno).value
    assert isinstance(call, ast.Call)
    # `LogisticRegression().fit(X, y)`: sklearn's fit returns the estimator; name the class.
    while isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Call):
        call = call.func.value
    name = call_name(call).split(".")[-1]
    return "Booster" if name == "train" else name or None


def _first(saves: tuple[ModelSave, ...], formats: tuple[SaveFormat, ...]) -> ModelSave | None:
    return next((save for save in saves if save.format in formats), None)


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


def _multiplies_by_100(expression: str) -> bool:
    """`100.0 * correct / n` reports a percentage; evaluate.py must use the same scale."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mult)
        and any(
            isinstance(side, ast.Constant) and side.value == 100 for side in (node.left, node.right)
        )
        for node in ast.walk(tree)
    )
