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
    HyperparameterOrigin,
    MeasuredMetric,
    Metric,
    ModelClass,
    ModelPlan,
    ModelSave,
    SaveFormat,
)
from sagebridge.plan.fidelity import Informational, NoteStep, Unfaithful
from sagebridge.plan.metrics import metric_name
from sagebridge.plan.positional import model_file_of
from sagebridge.plan.saves import logged_model_file

# How every note about a constructor argument of the rebuilt model begins: a model loaded from a
# checkpoint that saved its own arguments (Lightning's load_from_checkpoint) needs none of them.
CONSTRUCTOR_NOTE = "constructor argument `"

# The name evaluate.py and inference.py give the settings read from the training job's
# hyperparameter file, where they rebuild the model.
TRAINED_WITH = "hyperparameters"
# How the runtime finds a setting's value when the model is saved (templates/runtime/).
_LOOKUP = {HyperparameterOrigin.ARGPARSE: "namespace"}

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
            index, xgboost_save, Framework.XGBOOST, "xgboost", metrics,
            model_file_of(analysis, xgboost_save.path),
        )
    pickle_save = _first(analysis.model_saves, _PICKLE_FORMATS)
    if pickle_save is not None:
        framework = (
            Framework.XGBOOST
            if Framework.XGBOOST in analysis.frameworks
            and Framework.SKLEARN not in analysis.frameworks
            else Framework.SKLEARN
        )
        return _estimator_plan(
            index, pickle_save, framework, "joblib", metrics,
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
        measured.append(MeasuredMetric(metric_name(metric.name), kind, scale, kind != "logloss"))
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
        constructor_args, arg_roots, arg_notes, settings = _constructor_args(
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
    return ModelPlan(
        class_name=model_class.name,
        constructor_args=constructor_args,
        definition=definition,
        framework=Framework.PYTORCH,
        artifacts=(contract.STATE_DICT_FILE, contract.TORCHSCRIPT_FILE),
        loader="torch",
        state_dict_file=contract.STATE_DICT_FILE,
        torchscript_file=contract.TORCHSCRIPT_FILE,
        source_file=model_class.file,
        source_line=model_class.line,
        measured_metrics=metrics,
        notes=tuple(notes),
        hyperparameter_args=settings,
    )


def _instantiated_class(analysis: Analysis, index: SourceIndex) -> ModelClass:
    """The model class the entry point builds (a helper block it also defines is not it)."""
    for model_class in analysis.model_classes:
        if _instantiation(index, analysis.entry_point, model_class) is not None:
            return model_class
    return analysis.model_classes[0]


def _instantiation(index: SourceIndex, file: str, model_class: ModelClass) -> ast.Call | None:
    calls = index.find_calls(file, model_class.name)
    return calls[0] if calls else None


def _constructor_args(
    index: SourceIndex, model_class: ModelClass, call: ast.Call
) -> tuple[str, set[str], list[str], tuple[tuple[str, str], ...]]:
    """The call's arguments as source, and the settings they read.

    A setting passed as it is (`args.hidden`, a module constant made a hyperparameter, a click
    option) is read from the file the training job wrote beside the model, with its default
    when the file is not there: `hyperparameters.get("hidden", 128)`. Another expression that
    resolves to a literal through settings is fixed to it (needs review); one that depends on
    other runtime state can't be rebuilt (Unfaithful)."""
    module = index.modules[model_class.file]
    caller = index.modules[next(f for f, m in index.modules.items() if _holds(m.tree, call))]
    rendered: list[str] = []
    roots: set[str] = set()
    notes: list[str] = []
    settings: dict[str, str] = {}
    arguments: list[tuple[str | None, ast.expr]] = [(None, a) for a in call.args]
    arguments += [(k.arg, k.value) for k in call.keywords]
    for name, value in arguments:
        text = caller.segment(value)
        setting = _setting(index, caller.file, value)
        module_level = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        if setting is not None:
            hyperparameter = index.hyperparameters[setting]
            settings[setting] = _LOOKUP.get(hyperparameter.origin, "variable")
            text = f"{TRAINED_WITH}.get({setting!r}, {hyperparameter.default!r})"
            notes.append(Informational(
                f"{CONSTRUCTOR_NOTE}{caller.segment(value)}` of {model_class.name} is the "
                f"setting `{setting}` the training job ran with "
                f"({contract.TRAINED_HYPERPARAMETERS_FILE} beside the model)"
            ))  # fmt: skip
        elif (
            module_level <= set(module.bindings)
            and caller is module
            and not module_level & set(index.hyperparameters)
        ):
            roots |= module_level  # constants defined next to the class: carry them over
        else:
            try:
                literal = index.resolve(caller.file, value)
            except Unresolved:
                notes.append(Unfaithful(
                    f"{CONSTRUCTOR_NOTE}{text}` of {model_class.name} depends on "
                    "runtime state", NoteStep.MODEL,
                ))  # fmt: skip
            else:
                notes.append(
                    f"{CONSTRUCTOR_NOTE}{text}` of {model_class.name} is fixed "
                    f"to its default {literal!r} where the generated code rebuilds the model: train "
                    "with that value, or edit it there to the one you train with"
                )
                text = repr(literal)
        rendered.append(f"{name}={text}" if name else text)
    return ", ".join(rendered), roots, notes, tuple(sorted(settings.items()))


def _setting(index: SourceIndex, file: str, value: ast.expr) -> str | None:
    """The setting `value` is, passed as it is (`args.hidden`, `HIDDEN`, a local alias of one
    `hidden = args.hidden`), or None (an expression over settings, runtime state)."""
    if not isinstance(value, (ast.Name, ast.Attribute)):
        return None
    if isinstance(value, ast.Name) and value.id in index.hyperparameters:
        hyperparameter = index.hyperparameters[value.id]
        function = index.enclosing_function(file, value)
        if (
            hyperparameter.origin is HyperparameterOrigin.CLICK
            and function is not None
            and value.id in {a.arg for a in function.args.args}
            and not any(
                isinstance(n, ast.Name) and n.id == value.id and isinstance(n.ctx, ast.Store)
                for n in ast.walk(function)
            )
        ):
            return value.id  # the command function's parameter, as click filled it
    used = set(index.hyperparameters_used)
    index.hyperparameters_used.clear()
    try:
        resolved = index.resolve(file, value)
    except Unresolved:
        return None
    finally:
        found = set(index.hyperparameters_used)
        index.hyperparameters_used |= used
    if len(found) != 1:
        return None
    (name,) = found
    default = index.hyperparameters[name].default
    if resolved != default or type(resolved) is not type(default):
        return None  # reached the setting through something that changed it
    return name


def _holds(tree: ast.Module, node: ast.AST) -> bool:
    return any(child is node for child in ast.walk(tree))


# ---- scikit-learn / XGBoost ------------------------------------------------------------------


def _estimator_plan(
    index: SourceIndex,
    save: ModelSave,
    framework: Framework,
    loader: str,
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
        class_name=_estimator_class(index, save) or ("Booster" if loader == "xgboost" else ""),
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


def _metric_kind(name: str) -> str | None:
    lowered = name.lower()
    if "auc" in lowered:
        return "auc"
    if "logloss" in lowered or "log_loss" in lowered:
        return "logloss"
    if "accuracy" in lowered or lowered.endswith("_acc"):
        return "accuracy"
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
