"""The generated project of each PyTorch corpus project (examples/corpus) is lint-clean: no
unused import, no undefined name in generated inference/evaluate code or tests (`validate` runs
the same pyflakes rules and fails on them). Real analyser and planner; one ruff subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

from .conftest import EXAMPLES

CORPUS = {
    "dcgan": "train.py",
    "mnist-save-flag": "main.py",
    "nanogpt-style": "train.py",
    "siamese": "train_siamese.py",
    "synthetic-regression": "regression.py",
    "timeseries": "train.py",
    "vae": "main.py",
    "word-lm": "main.py",
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_generated_python_is_pyflakes_clean(name: str, tmp_path: Path) -> None:
    src = EXAMPLES / "corpus" / name
    plan = build_plan(analyze_project(src, entry_point=CORPUS[name]), read_data_samples(src)
    )
    files = render_project(plan, template_values(plan))
    python = {
        p: t for p, t in files.items() if p.endswith(".py") and p.startswith(("code/", "tests/"))
    }
    assert "tests/test_training.py" in python
    for path, text in python.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_a_required_argument_reaches_the_smoke_run_and_the_pipeline() -> None:
    """dcgan's `--dataset` is required (no default): the README's `--dataset fake` is both the
    pipeline parameter's default and an argument of the generated tests' training run."""
    src = EXAMPLES / "corpus" / "dcgan"
    plan = build_plan(analyze_project(src, "train.py"), read_data_samples(src))
    files = render_project(plan, template_values(plan))
    assert "SMOKE_ARGUMENTS = [\n    '--dataset', 'fake',\n" in files["tests/conftest.py"]
    assert "name='dataset', default_value='fake'" in files["pipeline/pipeline.py"]


def test_a_save_the_tool_cannot_rebuild_is_still_checked() -> None:
    """synthetic-regression saves a bare nn.Linear (no model class to rebuild, no ModelPlan):
    the generated test checks the job's model dir holds its save instead of failing on an
    empty artifact list."""
    src = EXAMPLES / "corpus" / "synthetic-regression"
    plan = build_plan(analyze_project(src, "regression.py"), read_data_samples(src)
    )
    assert plan.model is None and plan.saves
    text = render_project(plan, template_values(plan))["tests/test_training.py"]
    assert "def test_training_saves_its_model_in_the_model_dir" in text
    assert "ARTIFACTS" not in text


def test_the_smoke_run_passes_the_save_guard_as_the_pipeline_does() -> None:
    """mnist-save-flag saves only with `--save-model`: the pipeline passes True, so must the
    generated tests' training run, or it expects model files the script never writes."""
    src = EXAMPLES / "corpus" / "mnist-save-flag"
    plan = build_plan(analyze_project(src, "main.py"), read_data_samples(src))
    conftest = render_project(plan, template_values(plan))["tests/conftest.py"]
    assert "    '--save-model', 'True',\n" in conftest
