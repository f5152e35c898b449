"""Optuna studies: a script that tunes trains many models, one per trial, and the number it
reports is the best trial's objective value (Optuna logs every trial and "Best is trial N with
value: V" at INFO; scripts print `study.best_trial` or `trial.value` after `optimize`).

    def objective(trial):
        ...
        accuracy = sklearn.metrics.accuracy_score(valid_y, pred_labels)
        return accuracy

    study = optuna.create_study(direction="maximize")
    study.optimize(objective, n_trials=100)
        -> the study's metric: labelled by what the objective returns (`accuracy`), valued
           `study.best_value` after `optimize`, its direction the study's (Optuna minimises
           unless told otherwise)

A value the objective itself prints is one trial's, not the study's result: metrics reported
inside the objective are left to the study's (analyze/metrics.py). A multi-objective study
(`directions=[...]`) has no single best value and gives no metric; neither does a study whose
objective's return is not a name, attribute or call the metric words can read.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from sagebridge.analyze.source import ParsedModule, argument, keyword, string_value

CREATE_STUDY = "optuna.create_study"
SET_VERBOSITY = "optuna.logging.set_verbosity"
LOUD_LEVELS = frozenset({"INFO", "DEBUG"})
BEST_ATTRIBUTES = frozenset({"best_value", "best_trial"})


@dataclass(frozen=True)
class StudyObjective:
    """`study.optimize(objective)`: the study's best value, labelled by the objective's return."""

    study: str  # the study's variable, e.g. "study"
    line: int  # the optimize call: `study.best_value` holds the result after it
    objective: str  # the objective function's name
    # what it returns, e.g. "accuracy", "sklearn.metrics.accuracy_score"; None when that is
    # no name (`return 0.5 + x`) or differs between its returns
    label: str | None
    maximize: bool  # the study's direction
    first_line: int  # the objective's lines: what it reports is one trial's value
    last_line: int

    @property
    def expression(self) -> str:
        return f"{self.study}.best_value"


def optuna_studies(module: ParsedModule) -> list[StudyObjective]:
    """Every single-objective study with a known objective whose result the script reports,
    in call order."""
    studies = _created_studies(module)
    if not studies or not _reported(module):
        return []
    functions = {node.name: node for node in module.nodes if isinstance(node, ast.FunctionDef)}
    found: list[StudyObjective] = []
    for call in module.calls():
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == "optimize"
            and isinstance(func.value, ast.Name)
            and func.value.id in studies
        ):
            continue
        objective = _objective(argument(call, 0, "func"), functions)
        if objective is None:
            continue
        found.append(
            StudyObjective(
                study=func.value.id,
                line=call.lineno,
                objective=objective.name,
                label=_returned_label(module, objective),
                maximize=studies[func.value.id],
                first_line=objective.lineno,
                last_line=objective.end_lineno or objective.lineno,
            )
        )
    return found


def _created_studies(module: ParsedModule) -> dict[str, bool]:
    """`study = optuna.create_study(direction=...)` -> {"study": maximize}."""
    studies: dict[str, bool] = {}
    for node in module.nodes:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and module.qualified(node.value.func) == CREATE_STUDY
        ):
            continue
        if keyword(node.value, "directions") is not None:
            continue  # multi-objective: a Pareto front, no single best value
        direction = string_value(keyword(node.value, "direction"))
        studies[node.targets[0].id] = direction == "maximize"
    return studies


def _reported(module: ParsedModule) -> bool:
    """Optuna logs each trial and the best value unless the script lowers its verbosity; then
    the script reports it only by reading the study's best itself."""
    silenced = any(
        module.qualified(call.func) == SET_VERBOSITY
        and not (call.args and _level(call.args[0]) in LOUD_LEVELS)
        for call in module.calls()
    )
    reads_best = any(
        isinstance(node, ast.Attribute) and node.attr in BEST_ATTRIBUTES for node in module.nodes
    )
    return not silenced or reads_best


def _level(node: ast.expr) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else None


def _objective(
    node: ast.expr | None, functions: dict[str, ast.FunctionDef]
) -> ast.FunctionDef | None:
    """`objective`, or `lambda trial: objective(trial, x, y)`."""
    if isinstance(node, ast.Lambda) and isinstance(node.body, ast.Call):
        node = node.body.func
    return functions.get(node.id) if isinstance(node, ast.Name) else None


def _returned_label(module: ParsedModule, function: ast.FunctionDef) -> str | None:
    """The one label every `return` of the objective gives: a variable's name, an attribute,
    or the called function's name (`accuracy_score(...)`, `scores.mean()`)."""
    labels = {_label(module, node.value) for node in _own_returns(function) if node.value}
    return labels.pop() if len(labels) == 1 else None


def _label(module: ParsedModule, node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        return module.segment(node)
    return None


def _own_returns(function: ast.FunctionDef) -> list[ast.Return]:
    """The function's returns, not those of functions defined inside it."""
    found: list[ast.Return] = []
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return found
