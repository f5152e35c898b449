"""Metrics the script computes and reports, however it reports them.

    print("Test set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)".format(
        test_loss, correct, len(test_loader.dataset), accuracy))
        -> test_loss = "test_loss", test_accuracy = "correct / len(test_loader.dataset)"
    print(f"step {i}: train loss {t:.4f}, val loss {v:.4f}")   -> train_loss, validation_loss
    print("  RMSE: %s" % rmse)                                  -> rmse (unlabelled: held-out)
    logger.info("val_auc=%.4f", auc)                            -> validation_auc = "auc"
    mlflow.log_metric("rmse", rmse); log_metrics({"r2": r2})    -> rmse, r2
    print({"eval_accuracy": acc}); print(f"epoch {e}: {metrics}")
        -> validation_accuracy = "acc"; accuracy = 'metrics["accuracy"]' when
           `metrics = evaluate.load("accuracy").compute(...)` or `metrics = {"accuracy": ...}`
    return {"val_loss": loss}                                   -> validation_loss = "loss"
    top1 = AverageMeter("Acc@1"); ...; return top1.avg           -> validation_accuracy = "top1.avg"
        (in `validate`, a meter printing its name beside its average: analyze/meters.py)
    self.log(f"{stage}_loss", loss) in a helper validation_step calls with "val"
                                                                -> validation_loss = "loss"
    json.dump({"accuracy": acc, "auc": auc}, f)                 -> accuracy, auc

A report is a print or logging call (its text is split into labels and values, see
metric_text.py), a named-metric call (`log_metric(s)`, `self.log`, `add_scalar`, `wandb.log`),
a returned dict or a dict dumped as JSON. A value's label names the metric (the last metric word
in it); the phase comes from the label, the text before it, or the enclosing function. With no
phase word a loss is training's own, anything else (rmse, accuracy...) is taken as held-out.
Two values of one report that read as the same metric (a GAN's `Loss_D`, `Loss_G`) are
ambiguous and neither is kept. Every expression is valid at the reporting line, and is a
fraction where the script prints a percentage (`x%` -> `x / 100`, `100 * x` -> `x`) or a
count ratio (`{}/{}` -> `a / b`).
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator

from sagebridge.analyze.estimator_evals import xgboost_fit_metrics
from sagebridge.analyze.keras_fit_metrics import keras_log_metrics
from sagebridge.analyze.knowledge import (
    FALLBACK_METRIC_WORDS,
    LOWER_IS_BETTER,
    METRIC_BIGRAMS,
    METRIC_WORDS,
    PHASE_WORDS,
    TRAINING_OBJECTIVES,
)
from sagebridge.analyze.lightgbm_evals import lightgbm_log_metrics
from sagebridge.analyze.log_labels import function_named, is_self_log, resolved_labels
from sagebridge.analyze.meters import meter_classes, returned_meters
from sagebridge.analyze.metric_dicts import DictKeys, dict_variables
from sagebridge.analyze.metric_scale import as_fraction, grouped
from sagebridge.analyze.metric_text import Field, Part, merged, parts_of_call, parts_of_expression
from sagebridge.analyze.optuna_studies import StudyObjective, optuna_studies
from sagebridge.analyze.source import ParsedModule, enclosing_functions, last_name, string_value
from sagebridge.analyze.xgboost_cv import cv_log_metrics
from sagebridge.analyze.xgboost_evals import evaluation_log_metrics
from sagebridge.model import Metric, MetricPhase, MetricReport

PRINT_CALLS = frozenset({"print", "echo"})
LOGGING_CALLS = frozenset({"info", "debug", "warning"})
NAMED_METRIC_CALLS = frozenset({"log", "log_metric", "add_scalar", "log_dict", "log_metrics"})
JSON_DUMPS = frozenset({"json.dump", "json.dumps"})
TOP_K = re.compile(r"@(\d+)\W*$")  # `Acc@5 ` labels the top-5 accuracy
# A dict variable: its keys and the expression that reads each at a later line.


def find_metrics(module: ParsedModule) -> list[Metric]:
    owners = enclosing_functions(module.tree)
    dicts = dict_variables(module)
    meters = meter_classes(module)
    found: dict[str, Metric] = {}
    for node in _report_nodes(module):
        function = owners.get(id(node))
        reports = (
            _returned(module, node, function, meters)
            if isinstance(node, ast.Return)
            else _reported(module, node, function, dicts)
        )
        names = [m.name for m in reports]
        for metric in reports:
            if names.count(metric.name) != 1 or _known(metric, found):
                continue  # `Loss_D: ... Loss_G: ...` is ambiguous
            first = found.get(metric.name)
            found[metric.name] = _also_at(first, metric) if first else metric
    for study in optuna_studies(module):
        found = _study_result(module, found, study)
    if not found:  # the library's log only where the script reports nothing itself
        logged = [
            *evaluation_log_metrics(module),
            *cv_log_metrics(module),
            *xgboost_fit_metrics(module),
            *lightgbm_log_metrics(module),
            *keras_log_metrics(module),
        ]
        names = [m.name for m in logged]
        found.update((m.name, m) for m in logged if names.count(m.name) == 1)
    return sorted(found.values(), key=lambda m: (m.line, m.name))


def _study_result(
    module: ParsedModule, found: dict[str, Metric], study: StudyObjective
) -> dict[str, Metric]:
    """The study's best value (analyze/optuna_studies.py) in place of what its objective
    reports: that is one trial's value, the study's result is the best trial's."""
    kept = {
        name: m for name, m in found.items() if not study.first_line <= m.line <= study.last_line
    }
    if study.label is None:
        return kept
    metric = _metric(
        module, study.label, "", study.objective, study.expression, MetricReport.STUDY
    )
    if metric is None:
        return kept
    best = dataclasses.replace(
        metric,
        line=study.line,
        held_out=metric.phase is not MetricPhase.TRAIN,
        greater_is_better=study.maximize,
    )
    return {**kept, best.name: best}


def _also_at(first: Metric, later: Metric) -> Metric:
    """The same metric reported again (every 200 batches, then once after the loop): each place
    is logged, so the value logged last is the one the script printed last."""
    sites = {first.line, *(line for line, _ in first.also_at)}
    if later.line in sites:
        return first
    return dataclasses.replace(first, also_at=(*first.also_at, (later.line, later.expression)))


def _known(metric: Metric, found: dict[str, Metric]) -> bool:
    """An unlabelled report of a value already reported with its phase (`print("val mae",
    mae)`, then `json.dump({"mae": mae}, f)`) is the same metric, not a second one."""
    return metric.phase is MetricPhase.UNLABELLED and any(
        (m.kind, m.expression) == (metric.kind, metric.expression) and m.name != metric.name
        for m in found.values()
    )


def _report_nodes(module: ParsedModule) -> Iterator[ast.Call | ast.Return]:
    nodes = [n for n in module.nodes if isinstance(n, (ast.Call, ast.Return))]
    yield from sorted(nodes, key=lambda n: (n.lineno, n.col_offset))


def _reported(
    module: ParsedModule, call: ast.Call, function: str | None, dicts: DictKeys
) -> list[Metric]:
    short = last_name(call)
    if short in NAMED_METRIC_CALLS:
        return _named_metrics(module, call, function, dicts)
    if short in PRINT_CALLS or short in LOGGING_CALLS:
        how = MetricReport.PRINT if short in PRINT_CALLS else MetricReport.LOGGING
        if any(isinstance(arg, ast.Dict) for arg in call.args):
            how = MetricReport.DICT
        return _printed(module, parts_of_call(call), function, dicts, how, call.lineno)
    if module.qualified(call.func) in JSON_DUMPS and call.args:
        return _entries(module, call.args[0], "", function, dicts, MetricReport.FILE, call.lineno)
    return []


def _returned(
    module: ParsedModule, node: ast.Return, function: str | None, meters: frozenset[str]
) -> list[Metric]:
    if function is None:
        return []
    if not isinstance(node.value, ast.Dict):
        owner = function_named(module.tree, function) if meters else None
        reports = returned_meters(node, owner, meters) if owner else []
        metrics = [
            _metric(module, r.label, "", function, r.value, MetricReport.RETURN) for r in reports
        ]
        return [_at(metric, node.lineno) for metric in metrics if metric]
    return _entries(module, node.value, "", function, {}, MetricReport.RETURN, node.lineno)


def _named_metrics(
    module: ParsedModule, call: ast.Call, function: str | None, dicts: DictKeys
) -> list[Metric]:
    key = string_value(call.args[0]) if call.args else None
    if key is None and len(call.args) > 1 and is_self_log(call):
        return _shared_step_metrics(module, call, function)
    if key is not None and len(call.args) > 1:
        metric = _metric(module, key, "", function, call.args[1], MetricReport.LOG_CALL)
        return [_at(metric, call.lineno)] if metric else []
    if call.args:
        return _entries(
            module, call.args[0], "", function, dicts, MetricReport.LOG_CALL, call.lineno
        )
    return []


def _shared_step_metrics(
    module: ParsedModule, call: ast.Call, function: str | None
) -> list[Metric]:
    """`self.log(f"{stage}_loss", loss)` in a helper each hook calls with its stage: one metric
    per call site, its phase from the label or else the calling hook (analyze/log_labels.py)."""
    labels = resolved_labels(module.tree, call.args[0], function_named(module.tree, function))
    found: list[Metric] = []
    for label, caller in labels:
        if label in [other for other, _ in labels[: labels.index((label, caller))]]:
            continue  # the same label from a second caller is the same metric
        metric = _metric(module, label, "", caller, call.args[1], MetricReport.LOG_CALL)
        found += [_at(metric, call.lineno)] if metric else []
    return found


def _entries(
    module: ParsedModule,
    node: ast.expr,
    context: str,
    function: str | None,
    dicts: DictKeys,
    how: MetricReport,
    line: int,
) -> list[Metric]:
    """A dict literal's or a dict variable's metric entries."""
    if isinstance(node, ast.Dict):
        return _printed(module, merged(parts_of_expression(node)), function, dicts, how, line)
    if isinstance(node, ast.Name) and node.id in dicts:
        found = []
        # the dict's own name says its phase (`eval_metric`) before the enclosing function does
        context = f"{context} {node.id}"
        for key, expression in dicts[node.id]:
            metric = _metric(module, key, context, function, expression, how)
            if metric:
                found.append(_at(metric, line))
        return found
    return []


def _printed(
    module: ParsedModule,
    parts: list[Part],
    function: str | None,
    dicts: DictKeys,
    how: MetricReport,
    line: int,
) -> list[Metric]:
    found: list[Metric] = []
    label = ""
    before = ""  # all text of the report so far
    index = 0
    per_item = False
    while index < len(parts):
        part = parts[index]
        if isinstance(part, str):
            label += part
            before += part
            index += 1
            continue
        if part.is_text and _kind(_words(label)) is not None:
            # `Accuracy for class: {name:5s} is {acc:.1f}`: one item's value (a class, a
            # split's name), not the model's: not a metric, but the label goes on past it.
            per_item = True
            label += "?"
            index += 1
            continue
        after = parts[index + 1] if index + 1 < len(parts) else ""
        after_text = after if isinstance(after, str) else ""
        ratio = parts[index + 2] if index + 2 < len(parts) else None
        if _kind(_words(label)) is None:
            # `print(f"epoch {e}: {metrics}")`: a dict variable's entries, labelled by its keys
            found += _entries(module, part.node, before, function, dicts, MetricReport.DICT, line)
        elif after_text.strip() == "/" and isinstance(ratio, Field):
            numerator = grouped(module.segment(part.node), part.node)
            denominator = grouped(module.segment(ratio.node), ratio.node)
            metric = _metric(module, label, before, function, f"{numerator} / {denominator}", how)
            found += [_at(metric, line)] if metric and not per_item else []
            index += 2
        elif not isinstance(part.node, ast.Constant):  # `{"loss": 0.0}` is not a measurement
            percent = after_text.lstrip().startswith("%") and not part.spec.endswith("%")
            expression = as_fraction(module, part.node, percent)
            metric = _metric(module, label, before, function, expression, how)
            found += [_at(metric, line)] if metric and not per_item else []
        label = ""
        per_item = False
        index += 1
    return found


def _metric(
    module: ParsedModule,
    label: str,
    context: str,
    function: str | None,
    value: ast.expr | str,
    how: MetricReport,
) -> Metric | None:
    """The metric a label names, or None; its phase from the label, the context or function."""
    words = _words(label)
    kind = _kind(words)
    if kind is None:
        return None
    top_k = TOP_K.search(label)
    if top_k and kind == "precision":  # the classic ImageNet script's `Prec@1`: top-1 accuracy
        kind = "accuracy"
    if top_k and top_k.group(1) != "1":  # `Acc@1 ... Acc@5`: two metrics, top-1 is the accuracy
        kind = f"top{top_k.group(1)}_{kind}"
    phase_word = _phase(words) or _phase(_words(context)) or _phase(_words(function or ""))
    phase = MetricPhase(phase_word) if phase_word else MetricPhase.UNLABELLED
    if phase is MetricPhase.UNLABELLED:
        held_out = kind not in TRAINING_OBJECTIVES
        name = kind
    else:
        held_out = phase is not MetricPhase.TRAIN
        name = f"{phase}_{kind}"
    expression = value if isinstance(value, str) else as_fraction(module, value, percent=False)
    return Metric(
        name=name,
        expression=expression,
        file=module.path,
        line=0,
        kind=kind,
        phase=phase,
        held_out=held_out,
        greater_is_better=kind not in LOWER_IS_BETTER,
        reported_by=how,
    )


def _at(metric: Metric, line: int) -> Metric:
    return Metric(
        metric.name,
        metric.expression,
        metric.file,
        line,
        metric.kind,
        metric.phase,
        metric.held_out,
        metric.greater_is_better,
        metric.reported_by,
    )


# ---- words ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def _kind(words: list[str]) -> str | None:
    """The metric named last in the label (`Average loss, Accuracy` -> accuracy); a fallback
    word (`score`) only when the label names no other."""
    found: str | None = None
    for i, word in enumerate(words):
        pair = (words[i - 1], word) if i else None
        if pair in METRIC_BIGRAMS:
            found = METRIC_BIGRAMS[pair]
        elif word in METRIC_WORDS:
            found = METRIC_WORDS[word]
    if found is None:
        found = next((FALLBACK_METRIC_WORDS[w] for w in words if w in FALLBACK_METRIC_WORDS), None)
    return found


def _phase(words: list[str]) -> str | None:
    phases = [PHASE_WORDS[w] for w in words if w in PHASE_WORDS]
    return phases[-1] if phases else None
