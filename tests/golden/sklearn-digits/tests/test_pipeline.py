"""pipeline/pipeline.py builds its definition offline with the expected steps and names."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from conftest import run

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline" / "pipeline.py"
STEPS = ['Preprocess', 'Train', 'Evaluate', 'QualityGate']
PROPERTY_FILE = 'EvaluationReport'
EVALUATION_OUTPUT = 'evaluation'
REPORT_FILE = 'evaluation.json'
OBJECTIVE_PATH = 'metrics.test_accuracy.value'
HYPERPARAMETERS = ['n_estimators', 'max_depth', 'min_samples_leaf', 'test_size', 'random_state', 'balanced', 'bootstrap', 'n_jobs']


@pytest.fixture(scope="module")
def definition():
    if not PIPELINE.is_file():
        pytest.skip("pipeline/pipeline.py is not in this project")
    if importlib.util.find_spec("sagemaker") is None:
        pytest.skip("the SageMaker Python SDK v3 (`sagemaker`) is not installed")
    result = run([str(PIPELINE), "--definition"])
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def _all_steps(steps):
    for step in steps:
        yield step
        arguments = step.get("Arguments", {})
        for branch in ("IfSteps", "ElseSteps"):
            yield from _all_steps(arguments.get(branch, []))


def test_definition_has_the_pipeline_steps(definition):
    names = {step["Name"] for step in _all_steps(definition["Steps"])}
    for name in STEPS:
        assert name in names


def test_evaluate_step_declares_the_property_file(definition):
    evaluate = next(s for s in _all_steps(definition["Steps"]) if s["Name"] == STEPS[2])
    files = {f["PropertyFileName"]: f for f in evaluate["PropertyFiles"]}
    assert files[PROPERTY_FILE]["OutputName"] == EVALUATION_OUTPUT
    assert files[PROPERTY_FILE]["FilePath"] == REPORT_FILE


def test_quality_gate_reads_the_objective(definition):
    assert OBJECTIVE_PATH in json.dumps(definition)


def test_hyperparameters_are_pipeline_parameters(definition):
    parameters = {p["Name"] for p in definition["Parameters"]}
    for name in HYPERPARAMETERS:
        assert name in parameters
