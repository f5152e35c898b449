"""A script that writes no model file registers nothing (issue 11, the VAE style).

vae trains a VAE and writes only image grids into results/ (the job's output data): before,
the pipeline registered its empty model.tar.gz behind a gate; now it trains only, with a plain
note, no QualityThreshold, no ModelApprovalStatus and no endpoint.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import ArtifactStatus, GateSource, MigrationPlan
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _plan(project: str, entry: str) -> MigrationPlan:
    src = EXAMPLES / project
    return build_plan(analyze_project(src, entry), read_data_samples(src))


def test_a_script_that_writes_no_model_registers_nothing(tmp_path: Path) -> None:
    plan = _plan("corpus/vae", "main.py")
    assert plan.steps is not None and not plan.steps.registers_model
    assert plan.gate is GateSource.NONE
    assert plan.objective_metric == "test_loss"  # still logged, and still tunable
    assert "writes no model file, so the pipeline trains and registers nothing" in plan.gate_note
    register = [a for a in plan.steps.artifacts if a.name == "RegisterModel"]
    assert register and register[0].status is ArtifactStatus.LEFT_OUT
    files = render_project(plan, template_values(plan))
    pipeline = files["pipeline/pipeline.py"]
    assert "ModelStep" not in pipeline and "ModelBuilder" not in pipeline
    assert 'name="QualityThreshold"' not in pipeline
    assert 'name="ModelApprovalStatus"' not in pipeline
    assert "steps=[step_train, ]" in pipeline
    assert "def test_nothing_is_registered" in files["tests/test_pipeline.py"]
    assert "**Nothing registered**" in files["docs/MIGRATION_GUIDE.md"]
    # The rendered pipeline has no name left undefined or unused by the variant.
    target = tmp_path / "pipeline.py"
    target.write_text(pipeline)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout


def test_a_script_that_saves_a_model_still_registers_it() -> None:
    for project, entry in (("ec2-mnist", None), ("corpus/lightgbm-constants", "train.py"),
                           ("corpus/keras-checkpoint-resume", "train.py")):  # fmt: skip
        plan = _plan(project, entry) if entry else _plan(project, "train.py")
        assert plan.steps is not None and plan.steps.registers_model, project
        assert "step_register" in render_project(plan, template_values(plan))["pipeline/pipeline.py"]
