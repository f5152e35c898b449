"""An Optuna study trains one model per trial; the number it reports is the best trial's value
(Optuna logs `Best is trial N with value: V`): the metric is `study.best_value` after
`optimize`, labelled by what the objective returns, in the study's direction. What the
objective prints is one trial's value, not the study's result."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.metrics import find_metrics
from sagebridge.model import GateSource, MetricReport
from sagebridge.plan import build_plan

from .conftest import parse

STUDY = """
import optuna
import sklearn.datasets
import sklearn.metrics
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier


def objective(trial):
    data, target = sklearn.datasets.load_breast_cancer(return_X_y=True)
    train_x, valid_x, train_y, valid_y = train_test_split(data, target, random_state=0)
    depth = trial.suggest_int("max_depth", 1, 8)
    model = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(train_x, train_y)
    accuracy = sklearn.metrics.accuracy_score(valid_y, model.predict(valid_x))
    print(f"trial {trial.number} accuracy: {accuracy}")
    return accuracy


if __name__ == "__main__":
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=1))
    study.optimize(objective, n_trials=6)
    trial = study.best_trial
    print("  Value: {}".format(trial.value))
"""


def _found(source: str) -> dict[str, tuple[str, str, int, bool, bool, MetricReport]]:
    return {
        m.name: (m.kind, m.expression, m.line, m.held_out, m.greater_is_better, m.reported_by)
        for m in find_metrics(parse(source))
    }


def test_the_study_metric_is_the_best_value_in_place_of_the_trials_print() -> None:
    # Before: the objective's `print(f"trial ... accuracy: ...")` was the metric, i.e. the
    # last trial's accuracy, whatever the best trial's was.
    assert _found(STUDY) == {
        "accuracy": ("accuracy", "study.best_value", 21, True, True, MetricReport.STUDY),
    }


def test_direction_is_the_studys_and_a_call_or_lambda_objective_is_read() -> None:
    source = """
import optuna
from sklearn.metrics import mean_squared_error

def objective(trial, x, y):
    val_loss = mean_squared_error(y, x * trial.suggest_float("a", 0, 1))
    return val_loss

study = optuna.create_study()
study.optimize(lambda trial: objective(trial, X, Y), n_trials=5)
"""
    ((name, found),) = _found(source).items()
    assert (name, found[1], found[3], found[4]) == (
        "validation_loss", "study.best_value", True, False,
    )  # fmt: skip
    maximized = source.replace("create_study()", 'create_study(direction="maximize")')
    assert _found(maximized)["validation_loss"][4] is True  # what the study maximises is "better"


def test_no_study_metric_without_a_single_best_value_or_a_readable_return() -> None:
    multi = """
import optuna

def objective(trial):
    accuracy = trial.suggest_float("x", 0, 1)
    return accuracy, 1 - accuracy

study = optuna.create_study(directions=["maximize", "minimize"])
study.optimize(objective, n_trials=3)
"""
    assert _found(multi) == {}
    unnamed = STUDY.replace("return accuracy", "return 0.5 + 0 * accuracy")
    assert _found(unnamed) == {}  # the trial's print is dropped, nothing names the result
    silenced = """
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)

def objective(trial):
    accuracy = trial.suggest_float("x", 0, 1)
    return accuracy

study = optuna.create_study(direction="maximize")
study.optimize(objective, n_trials=3)
"""
    assert _found(silenced) == {}  # neither Optuna's log nor the script reports it
    assert "accuracy" in _found(silenced + "print(study.best_value)\n")


def test_the_expression_is_the_best_trials_value_optuna_logs(tmp_path: Path) -> None:
    """Run the study with the metric's expression printed after `optimize`: it equals the value
    of Optuna's last `Best is trial N with value: V` and the script's own `Value:` line, and is
    not the last trial's printed accuracy."""
    (metric,) = find_metrics(parse(STUDY))
    lines = STUDY.splitlines()
    lines.insert(metric.line, f"    print('VALUE', {metric.expression})")
    script = tmp_path / "study.py"
    script.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    output = done.stdout + done.stderr
    best = re.findall(r"Best is trial \d+ with value: (\d+\.\d+)", output)
    trials = re.findall(r"^trial \d+ accuracy: ([0-9.]+)$", output, re.MULTILINE)
    (value,) = re.findall(r"^VALUE ([0-9.]+)$", output, re.MULTILINE)
    assert value == best[-1] == re.findall(r"Value: ([0-9.]+)", output)[-1]
    assert float(value) == max(float(t) for t in trials)


def test_a_study_that_saves_no_model_is_told_what_is_missing(tmp_path: Path) -> None:
    """No model file: nothing registered, and the note names the best trial's refit (not a
    torch.save example for a scikit-learn study); saving the refit registers it and gates on
    the study's best value."""
    (tmp_path / "tune.py").write_text(STUDY)
    plan = build_plan(analyze_project(tmp_path))
    assert plan.steps is not None and not plan.steps.registers_model
    assert plan.gate is GateSource.NONE
    assert "Optuna study trains one model per trial" in plan.gate_note
    assert "study.best_params" in plan.gate_note and "torch.save" not in plan.gate_note
    saved = STUDY + (
        "    best = DecisionTreeClassifier(random_state=0, **study.best_params)\n"
        "    import joblib\n"
        "    joblib.dump(best, 'model.joblib')\n"
    )
    (tmp_path / "tune.py").write_text(saved)
    plan = build_plan(analyze_project(tmp_path))
    assert plan.steps is not None and plan.steps.registers_model
    assert (plan.objective_metric, plan.gate) == ("accuracy", GateSource.TRAINING_METRIC)
    assert "Optuna" not in plan.gate_note
