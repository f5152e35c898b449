"""What render_project writes around the migrated code: deterministic, self-consistent docs.

Runs on the three example projects through the real analyser and planner; no subprocesses.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.plan import build_plan
from sagebridge.plan.docs import (
    CLOUDFORMATION_TEMPLATES,
    DEPLOYMENT_SCRIPTS,
    GENERATED_TESTS,
    template_values,
)
from sagebridge.plan.guide_tables import INFERENCE_INSTANCE, PROCESSING_INSTANCE, TRAINING_INSTANCE
from sagebridge.plan.iam import POLICY_FILES
from sagebridge.render.project import render_project

from .conftest import EXAMPLES

ALL = ["ec2-mnist", "sklearn-digits", "xgboost-tabular"]
OURS = ("code/preprocess.py", "code/evaluate.py", "code/inference.py", "docs/MIGRATION_GUIDE.md",
        "docs/ARCHITECTURE.md", "README.md", "metadata.json")


def plan_of(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_project(src), read_data_samples(src))


@pytest.fixture(scope="module", params=ALL)
def rendered(request):
    plan = plan_of(request.param)
    return plan, render_project(plan, template_values(plan))


def test_rendering_twice_is_byte_identical(rendered):
    plan, files = rendered
    again_plan = plan_of(plan.analysis.root_name)
    again = render_project(again_plan, template_values(again_plan))
    assert again == files


def test_our_files_are_rendered_without_dates_or_absolute_paths(rendered):
    _, files = rendered
    for path in OURS + tuple(p for p in files if p.startswith("tests/")):
        text = files[path]
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), path
        assert "/work/" not in text and "/tmp/" not in text and "/home/" not in text, path


def test_generated_python_compiles_and_is_pyflakes_clean(rendered, tmp_path):
    _, files = rendered
    python = {p: t for p, t in files.items() if p.endswith(".py") and (
        p.startswith(("code/", "tests/")))}
    assert {"code/preprocess.py", "code/evaluate.py", "code/inference.py"} <= set(python)
    for path, text in python.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        compile(text, path, "exec")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "F",
         str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def _constant(node: ast.expr) -> bool:
    """An expression whose value is fixed when the test is rendered: literals and their sums."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_constant(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    if isinstance(node, ast.BinOp):
        return _constant(node.left) and _constant(node.right)
    return False


def test_every_generated_assertion_can_fail(rendered):
    """No `assert 'accuracy' == "accuracy"`: an assertion over literals only is decided at render."""
    _, files = rendered
    tests = {p: t for p, t in files.items() if p.startswith("tests/") and p.endswith(".py")}
    assert tests
    for path, text in tests.items():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Assert):
                continue
            test = node.test
            operands = [test.left, *test.comparators] if isinstance(test, ast.Compare) else [test]
            assert not all(_constant(o) for o in operands), f"{path}:{node.lineno}"


def test_guide_numbers_come_from_the_analysis(rendered):
    plan, files = rendered
    guide = files["docs/MIGRATION_GUIDE.md"]
    source = plan.analysis.source
    assert f"**Total Files**: {source.total_files} ({source.python_files} Python)" in guide
    assert f"**Lines of Code**: {source.lines_of_code}" in guide
    assert f"**Risk Level**: {plan.analysis.risk.level.value.capitalize()}" in guide
    assert f"**{plan.analysis.strategy.value}** migration strategy" in guide
    for dependency in plan.analysis.dependencies:
        if dependency.status.value != "compatible":
            assert f"| {dependency.name} |" in guide
    for hp in plan.hyperparameters:
        assert f"hyperparameter {hp.flag} (default {hp.default!r})" in guide


def test_component_counts_match_the_files_rendered(rendered):
    _, files = rendered
    guide = files["docs/MIGRATION_GUIDE.md"]
    metadata = json.loads(files["metadata.json"])
    counts = {
        "CloudFormation Templates": sum(
            p.startswith("infrastructure/cloudformation/") for p in files),
        "IAM Policies": sum(p.startswith("infrastructure/iam/") for p in files),
        "Deployment Scripts": sum(p.startswith("scripts/") and p.endswith(".sh") for p in files),
        "Generated Test Files": sum(Path(p).name.startswith("test_") for p in files
                                    if p.startswith("tests/")),
    }
    for label, count in counts.items():
        assert f"**{label}**: {count}" in guide
    assert metadata["components"]["iam_policies"] == counts["IAM Policies"]
    assert metadata["components"]["generated_tests"] == counts["Generated Test Files"]


def test_the_plans_file_lists_are_the_files_rendered(rendered):
    """The plan counts what it will render without looking at the templates: its lists must be
    exactly the files render_project writes (a template added or removed fails here)."""
    _, files = rendered
    assert tuple(sorted(p for p in files if p.startswith("infrastructure/cloudformation/"))) \
        == CLOUDFORMATION_TEMPLATES
    assert sorted(p for p in files if p.startswith("infrastructure/iam/")) \
        == sorted(f"infrastructure/iam/{name}" for name in POLICY_FILES.values())
    assert tuple(sorted(p for p in files if p.startswith("scripts/") and p.endswith(".sh"))) \
        == DEPLOYMENT_SCRIPTS
    assert tuple(sorted(p for p in files
                        if p.startswith("tests/") and Path(p).name.startswith("test_"))) \
        == GENERATED_TESTS


def test_metadata_names_and_layout_match_the_plan(rendered):
    plan, files = rendered
    metadata = json.loads(files["metadata.json"])
    assert metadata["names"] == {k: getattr(plan.names, k) for k in metadata["names"]}
    assert metadata["layout"]["property_file"] == plan.layout.property_file
    assert metadata["objective_metric"] == plan.objective_metric
    assert metadata["objective_metric"] in metadata["evaluation_metrics"]
    assert set(metadata["hyperparameters"]) == {hp.name for hp in plan.hyperparameters}


def test_architecture_diagram_uses_the_layout_step_names(rendered):
    plan, files = rendered
    diagram = files["docs/ARCHITECTURE.md"].split("```mermaid")[1].split("```")[0]
    layout = plan.layout
    for step in (layout.preprocess_step, layout.train_step, layout.evaluate_step,
                 layout.gate_step, layout.register_step, layout.fail_step):
        assert step in diagram
    assert f"metrics.{plan.objective_metric}.value" in diagram


def test_instance_types_in_the_guide_are_the_pipelines_defaults(rendered):
    _, files = rendered
    pipeline = files["pipeline/pipeline.py"]
    assert f'name="ProcessingInstanceType", default_value="{PROCESSING_INSTANCE}"' in pipeline
    # The training default is the CPU one unless the definition is built with --gpu.
    assert f'CPU_TRAINING_INSTANCE = "{TRAINING_INSTANCE}"' in pipeline
    assert 'name="TrainingInstanceType", default_value=training_default' in pipeline
    assert f'inference_instance = "{INFERENCE_INSTANCE}"' in pipeline
    for instance in (PROCESSING_INSTANCE, TRAINING_INSTANCE, INFERENCE_INSTANCE):
        assert f"`{instance}`" in files["docs/MIGRATION_GUIDE.md"]


def test_evaluation_report_path_matches_the_quality_gate(rendered):
    plan, files = rendered
    evaluate = files["code/evaluate.py"]
    assert f"OBJECTIVE_METRIC = {plan.objective_metric!r}" in evaluate
    assert repr(plan.layout.report_file) in evaluate
    assert repr(plan.layout.evaluation_output_path) in evaluate
