"""Keras' own epoch log: the metrics `fit` and `evaluate` print when the script prints none.

    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, validation_data=(x_val, y_val))
        -> validation_accuracy = model.history.history["val_accuracy"][-1]
           validation_loss     = model.history.history["val_loss"][-1]
    model.evaluate(test_ds)
        -> test_accuracy = float(model.get_metrics_result()["accuracy"])
           test_loss     = float(model.get_metrics_result()["loss"])

keras.io examples often print nothing themselves: the score a reader looks at is the progress
bar's `val_accuracy: 0.85` (what `fit` keeps in `model.history`) or `evaluate`'s last line (what
the model's metric state holds right after it). Each value is read back after the call, as the
call left it, so nothing runs twice. Only a model whose `compile(...)` is in the file counts,
also one a function of the file compiles and returns, under the name its call is assigned to (a
scikit-learn `fit`, a Lightning `trainer.fit` or a transformers `trainer.evaluate()` has none);
a metric logged by two calls (two `evaluate`s of the test set) is logged after each; the
metric names are `compile`'s `metrics=` strings and metric objects (`AUC()` -> `auc`,
`AUC(name="roc")` -> `roc`, an auc) whose name or class names a metric kind, plus the loss.
"""

from __future__ import annotations

import ast
import dataclasses
import re

from sagebridge.analyze.knowledge import METRIC_WORDS, PHASE_WORDS
from sagebridge.analyze.library_log import log_metric
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import Metric, MetricPhase

KERAS_ROOTS = frozenset({"keras", "tensorflow", "tf_keras"})


def keras_log_metrics(module: ParsedModule) -> list[Metric]:
    """The metrics Keras logs for each compiled model's `fit` (validation) and `evaluate`."""
    if not _imports_keras(module.tree):
        return []
    compiled = _compiled(module)
    found: list[Metric] = []
    for call in module.calls():
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("fit", "evaluate"):
            continue
        receiver = module.segment(func.value)
        names = compiled.get(receiver)
        if names is None:
            continue
        if func.attr == "fit":
            if _validates(call):
                found += _fit_metrics(module, call, receiver, names)
        else:
            found += _evaluate_metrics(module, call, receiver, names)
    return _merged(found)


def _merged(found: list[Metric]) -> list[Metric]:
    """One metric per name; a later call logging it again (a second `evaluate` of the same
    test set) is another place it is logged, so the value logged last is the last printed."""
    merged: dict[str, Metric] = {}
    for metric in found:
        first = merged.get(metric.name)
        merged[metric.name] = (
            dataclasses.replace(first, also_at=(*first.also_at, (metric.line, metric.expression)))
            if first
            else metric
        )
    return list(merged.values())


def _imports_keras(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots = {node.module.split(".")[0]}
        else:
            continue
        if roots & KERAS_ROOTS:
            return True
    return False


def _compiled(module: ParsedModule) -> dict[str, list[tuple[str, str]]]:
    """Each model compiled in the file (as written) -> the names Keras logs: loss first."""
    compiled: dict[str, list[tuple[str, str]]] = {}
    for call in module.calls():
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "compile"
            and isinstance(func.value, (ast.Name, ast.Attribute))
        ):
            names = [("loss", "loss"), *_metric_names(keyword(call, "metrics"))]
            compiled[module.segment(func.value)] = names
    return {**compiled, **_built_by_functions(module, compiled)}


def _built_by_functions(
    module: ParsedModule, compiled: dict[str, list[tuple[str, str]]]
) -> dict[str, list[tuple[str, str]]]:
    """A model a function compiles and returns (`def build_and_compile_model(norm): model =
    ...; model.compile(...); return model`, as TensorFlow's tutorials write it) is compiled
    under each name it is assigned to at a call (`dnn_model = build_and_compile_model(n)`)."""
    builders: dict[str, list[tuple[str, str]]] = {}
    for node in ast.walk(module.tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        returned = {
            module.segment(r.value)
            for r in ast.walk(node)
            if isinstance(r, ast.Return) and isinstance(r.value, ast.Name)
        }
        names = next((compiled[name] for name in returned if name in compiled), None)
        if names is not None:
            builders[node.name] = names
    built: dict[str, list[tuple[str, str]]] = {}
    for node in ast.walk(module.tree):
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in builders
        ):
            continue
        built.setdefault(node.targets[0].id, builders[node.value.func.id])
    return built


def _metric_names(node: ast.expr | None) -> list[tuple[str, str]]:
    """(the name Keras logs, its kind) for each metric `compile` names that has a kind."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    names = []
    for item in node.elts:
        name = string_value(item)
        default = _default_name(item.func) if isinstance(item, ast.Call) else None
        if name is None and isinstance(item, ast.Call):
            name = string_value(keyword(item, "name")) or default
        kind = _kind(name or "") or _kind(default or "")
        if name and kind:
            names.append((name, kind))
    return names


def _default_name(func: ast.expr) -> str | None:
    """A metric class's default name, its class name in snake case (`AUC` -> `auc`)."""
    attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if not attr or not attr[:1].isupper():
        return None
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", attr).lower()


def _validates(call: ast.Call) -> bool:
    data = keyword(call, "validation_data")
    split = keyword(call, "validation_split")
    if data is not None and not (isinstance(data, ast.Constant) and data.value is None):
        return True
    return split is not None and not (isinstance(split, ast.Constant) and not split.value)


def _kind(name: str) -> str | None:
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
    kinds = [METRIC_WORDS[w] for w in words if w in METRIC_WORDS]
    return kinds[-1] if kinds else None


def _fit_metrics(
    module: ParsedModule, call: ast.Call, receiver: str, names: list[tuple[str, str]]
) -> list[Metric]:
    return [
        _metric(module, call, MetricPhase.VALIDATION, name, kind,
                f"{receiver}.history.history[{'val_' + name!r}][-1]")
        for name, kind in names
    ]  # fmt: skip


def _evaluate_metrics(
    module: ParsedModule, call: ast.Call, receiver: str, names: list[tuple[str, str]]
) -> list[Metric]:
    phase = _data_phase(module, call)
    return [
        _metric(module, call, phase, name, kind,
                f"float({receiver}.get_metrics_result()[{name!r}])")
        for name, kind in names
    ]  # fmt: skip


def _data_phase(module: ParsedModule, call: ast.Call) -> MetricPhase:
    """The phase the evaluated data's name says (`x_val` -> validation), else test."""
    data = call.args[0] if call.args else keyword(call, "x")
    words = re.split(r"[^a-z]+", module.segment(data).lower()) if data is not None else []
    for word in words:
        if word in PHASE_WORDS:
            return MetricPhase(PHASE_WORDS[word])
    return MetricPhase.TEST


def _metric(
    module: ParsedModule, call: ast.Call, phase: MetricPhase, name: str, kind: str, value: str
) -> Metric:
    return log_metric(module, call.lineno, f"{phase.value}_{kind}", value, kind, phase)
