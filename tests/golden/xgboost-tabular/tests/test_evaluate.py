"""code/evaluate.py on the tiny trained model: a real report, or a failed step."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import CODE, run

OBJECTIVE_METRIC = 'validation_accuracy'
REPORT_FILE = 'evaluation.json'
FAILURE_FILE_ENV = 'SM_OUTPUT_FAILURE'
# The metrics evaluate.py measures (the script's own, by name).
MEASURED = ['validation_accuracy', 'validation_auc', 'validation_logloss']


def _evaluate(model_input, test_dir, output_dir, failure_file):
    return run(
        [str(CODE / "evaluate.py"), "--model-dir", str(model_input), "--test-dir", str(test_dir),
         "--output-dir", str(output_dir)],
        {FAILURE_FILE_ENV: str(failure_file)},
    )


def independent_objective(trained, staged, evaluate_module) -> float:
    """The objective recomputed here from the model files and the test set."""
    model_dir, _ = trained
    _, test_dir = staged
    inputs, labels = evaluate_module.load_test_set(test_dir)
    booster = evaluate_module.xgb.Booster()
    booster.load_model(str(model_dir / 'xgboost-model.json'))
    best = booster.attr("best_iteration")
    rounds = (0, int(best) + 1) if best is not None else (0, 0)
    probabilities = booster.predict(evaluate_module.xgb.DMatrix(inputs), iteration_range=rounds)
    if probabilities.ndim == 1:
        predicted = (probabilities > 0.5).astype(int)
    else:
        predicted = probabilities.argmax(axis=1)
    correct = int((predicted == np.asarray(labels)).sum())
    return 1.0 * correct / len(labels)


def test_report_has_the_measured_objective(archive, staged, trained, evaluate_module, tmp_path):
    _, test_dir = staged
    result = _evaluate(archive.parent, test_dir, tmp_path / "evaluation", tmp_path / "failure")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "evaluation" / REPORT_FILE).read_text())
    # The quality gate's JsonGet path: metrics.<objective>.value
    value = report["metrics"][OBJECTIVE_METRIC]["value"]
    assert value == pytest.approx(independent_objective(trained, staged, evaluate_module), abs=1e-9)
    assert sorted(report["metrics"]) == sorted(MEASURED)
    assert not (tmp_path / "failure").exists()


@pytest.mark.parametrize("damage", ["corrupt", "missing", "empty_archive"])
def test_unloadable_model_fails_the_step(damage, staged, tmp_path):
    _, test_dir = staged
    model_input = tmp_path / "model"
    model_input.mkdir()
    if damage == "corrupt":
        (model_input / "model.tar.gz").write_bytes(b"this is not a gzipped tar")
    elif damage == "empty_archive":
        import tarfile

        with tarfile.open(model_input / "model.tar.gz", "w:gz"):
            pass
    result = _evaluate(model_input, test_dir, tmp_path / "evaluation", tmp_path / "failure")
    assert result.returncode == 1
    assert not (tmp_path / "evaluation" / REPORT_FILE).exists()
    reason = (tmp_path / "failure").read_text()
    assert reason.startswith('Evaluate failed:')
    assert reason in result.stderr


def test_missing_test_set_fails_the_step(archive, tmp_path):
    empty = tmp_path / "test"
    empty.mkdir()
    result = _evaluate(archive.parent, empty, tmp_path / "evaluation", tmp_path / "failure")
    assert result.returncode == 1
    assert not (tmp_path / "evaluation" / REPORT_FILE).exists()
    assert "Preprocess" in (tmp_path / "failure").read_text()
