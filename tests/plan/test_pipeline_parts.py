"""Issue 10: which parts pipeline.py has (steps, imports, the gate's comparison) is decided in
the plan (plan/pipeline_parts.py); its templates only print."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import GateSource
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.plan.pipeline_parts import GateCondition, pipeline_parts
from sagebridge.render import TEMPLATES_DIR
from sagebridge.render.project import render_project


def _plan(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_project(src), read_data_samples(src))


@pytest.mark.parametrize(("example", "needs_raw"), [("ec2-mnist", True),
                                                    ("xgboost-tabular", True),
                                                    ("sklearn-digits", False)])
def test_the_plan_names_the_pipelines_parts(example: str, needs_raw: bool) -> None:
    plan = _plan(example)
    parts = pipeline_parts(plan)
    layout = plan.layout
    assert parts.has_preprocess and parts.has_evaluate and parts.gated and parts.registers
    assert parts.has_processing and parts.processing_inputs  # Evaluate reads the model
    assert parts.needs_raw is needs_raw  # load_digits ships with scikit-learn: nothing to stage
    assert parts.step_names == (layout.preprocess_step, layout.train_step, layout.evaluate_step,
                                layout.gate_step)
    assert parts.tunable == tuple(hp for hp in plan.hyperparameters if hp.tuning)


def test_the_gate_compares_the_way_the_objective_improves() -> None:
    plan = _plan("ec2-mnist")
    assert pipeline_parts(plan).gate_condition is GateCondition.AT_LEAST
    lower = dataclasses.replace(plan, objective_greater_is_better=False)
    assert pipeline_parts(lower).gate_condition is GateCondition.AT_MOST
    rendered = render_project(lower, template_values(lower))["pipeline/pipeline.py"]
    assert "from sagemaker.core.workflow.conditions import ConditionLessThanOrEqualTo\n" in rendered
    assert "conditions=[ConditionLessThanOrEqualTo(left=measured" in rendered
    assert "ConditionGreaterThanOrEqualTo" not in rendered


def test_no_gate_no_threshold_parameter_import_unless_a_float_setting() -> None:
    plan = _plan("sklearn-digits")
    ungated = dataclasses.replace(plan, gate=GateSource.NONE)
    parts = pipeline_parts(ungated)
    assert not parts.gated
    assert parts.has_float == any(hp.type == "float" for hp in plan.hyperparameters)
    assert parts.step_names[-1] == plan.layout.register_step


def test_the_pipeline_templates_compute_no_part() -> None:
    """pipeline.py.jinja takes its parts from the plan: no step kind or hyperparameter filter
    is worked out in the template."""
    text = (TEMPLATES_DIR / "project" / "pipeline" / "pipeline.py.jinja").read_text()
    sets = [line for line in text.splitlines() if line.startswith("{% set ")]
    assert sets and all("project.pipeline" in line or "parts." in line
                        or line == "{% set preprocess = plan.steps.preprocess %}" for line in sets)
    imports = (TEMPLATES_DIR / "project" / "pipeline" / "_pipeline" / "imports.py.jinja").read_text()
    assert "objective_greater_is_better" not in imports and ".kind" not in imports
