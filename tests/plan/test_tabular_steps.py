"""Generated tests that can run: a tabular project with an endpoint but no evaluate.py gets no
tests/test_inference.py (its example rows and expected predictions come from evaluate.py)."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import ArtifactStatus, ModelInference, NoEvaluate
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_inference_without_evaluate_has_no_test_that_imports_evaluate() -> None:
    src = CORPUS / "helper-scripts"
    plan = build_plan(analyze_project(src, "train.py"), read_data_samples(src))
    steps = plan.steps
    assert steps is not None
    assert isinstance(steps.evaluate, NoEvaluate)
    assert isinstance(steps.inference, ModelInference)
    files = render_project(plan, template_values(plan))
    assert "code/inference.py" in files
    assert "code/evaluate.py" not in files
    assert "tests/test_inference.py" not in files
    [note] = [a for a in steps.artifacts if a.name == "tests/test_inference.py"]
    assert note.status is ArtifactStatus.LEFT_OUT and "evaluate.py" in note.reason
