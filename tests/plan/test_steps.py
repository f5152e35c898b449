"""plan/steps.py: each optional step is planned in a variant that runs, or left out with a reason."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import (
    ArtifactStatus,
    DatasetPreprocess,
    GateSource,
    MigrationPlan,
    ModelEvaluate,
    ModelInference,
    NoEvaluate,
    NoInference,
    NoPreprocess,
    PreprocessKind,
    UserScriptPreprocess,
)
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _plan(project: str) -> MigrationPlan:
    src = EXAMPLES / project
    return build_plan(analyze_project(src, None), read_data_samples(src))


def test_mnist_keeps_every_step():
    plan = _plan("ec2-mnist")
    steps = plan.steps
    assert steps is not None
    assert steps.preprocess == DatasetPreprocess(PreprocessKind.TORCHVISION, "stages MNIST")
    assert isinstance(steps.evaluate, ModelEvaluate)
    assert isinstance(steps.inference, ModelInference)
    assert plan.gate is GateSource.EVALUATION
    assert steps.left_out_files == ()


def test_generator_script_becomes_the_preprocess_step():
    plan = _plan("corpus/timeseries")
    steps = plan.steps
    assert steps is not None
    assert steps.preprocess == UserScriptPreprocess(
        script="generate_data.py",
        arguments=("--out", "/opt/ml/processing/output/train/series.csv"),
        reason="runs your generate_data.py with --out pointed at the training channel",
    )
    # A PyTorch model on a CSV: evaluate.py could not re-score it as the script does.
    assert isinstance(steps.evaluate, NoEvaluate)
    assert plan.gate is GateSource.TRAINING_METRIC
    files = render_project(plan, template_values(plan))
    assert "code/preprocess.py" not in files and "code/evaluate.py" not in files
    pipeline = files["pipeline/pipeline.py"]
    assert "code=str(CODE_DIR / 'generate_data.py')" in pipeline
    assert "FinalMetricDataList[OBJECTIVE_METRIC]" in pipeline
    assert "step_evaluate" not in pipeline


def test_model_with_undefined_constructor_names_gets_no_endpoint():
    plan = _plan("corpus/nanogpt-style")
    steps = plan.steps
    assert steps is not None
    assert isinstance(steps.inference, NoInference)
    assert "undefined gptconf" in steps.inference.reason
    files = render_project(plan, template_values(plan))
    assert "code/inference.py" not in files
    assert "tests/test_inference.py" not in files
    assert "entry_script='inference.py'" not in files["pipeline/pipeline.py"]


def test_unresolved_data_path_gets_no_empty_preprocess():
    plan = _plan("corpus/xgboost-constants")
    steps = plan.steps
    assert steps is not None
    assert isinstance(steps.preprocess, NoPreprocess)
    files = render_project(plan, template_values(plan))
    assert "code/preprocess.py" not in files
    assert "step_preprocess" not in files["pipeline/pipeline.py"]
    left_out = [a.name for a in steps.artifacts if a.status is ArtifactStatus.LEFT_OUT]
    assert "Preprocess" in left_out and "code/evaluate.py" in left_out
    assert all(a.reason for a in steps.artifacts if a.status is ArtifactStatus.LEFT_OUT)


def test_no_endpoint_without_a_test_set_to_shape_the_handler():
    """mnist-save-flag's images are made in the script: no Evaluate step, so no input shape and
    no examples for inference.py (its tests loaded them through a missing evaluate.py)."""
    src = EXAMPLES / "corpus" / "mnist-save-flag"
    plan = build_plan(analyze_project(src, "main.py"), read_data_samples(src))
    steps = plan.steps
    assert steps is not None
    assert isinstance(steps.evaluate, NoEvaluate)
    assert isinstance(steps.inference, NoInference)
    assert "input shape" in steps.inference.reason and "no endpoint" in steps.inference.reason
    files = render_project(plan, template_values(plan))
    assert "code/inference.py" not in files and "tests/test_inference.py" not in files
    assert "entry_script='inference.py'" not in files["pipeline/pipeline.py"]


def test_a_model_class_never_saved_is_no_model_to_load():
    """vae builds a VAE but saves only image grids: no artifacts to expect, no endpoint."""
    src = EXAMPLES / "corpus" / "vae"
    plan = build_plan(analyze_project(src, "main.py"), read_data_samples(src))
    assert plan.model is None
    steps = plan.steps
    assert steps is not None and isinstance(steps.inference, NoInference)
    assert "saves no model" in steps.inference.reason
    text = render_project(plan, template_values(plan))["tests/test_training.py"]
    assert "ARTIFACTS" not in text and "model_dir" not in text.split("def test_training_logs")[0]


def test_a_handler_that_needs_no_input_shape_is_kept_without_an_evaluate_step():
    """A transformers pipeline takes text: hf-trainer has no Evaluate step (the gate reads the
    training job's metric) and still gets its inference.py and endpoint."""
    src = EXAMPLES / "corpus" / "hf-trainer"
    plan = build_plan(analyze_project(src, "train.py"), read_data_samples(src))
    steps = plan.steps
    assert steps is not None
    assert isinstance(steps.evaluate, NoEvaluate)
    assert isinstance(steps.inference, ModelInference), steps.inference
    files = render_project(plan, template_values(plan))
    assert "code/inference.py" in files
