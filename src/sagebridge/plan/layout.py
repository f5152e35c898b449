"""The generated pipeline's own conventions: step names, processing inputs/outputs, file names.

These are decided here once; `pipeline.py`, `preprocess.py`, `evaluate.py`, the validator and
the local runner all read them from the plan, so a PropertyFile can never name an output that
the evaluation step does not have.
"""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model import PipelineLayout

LAYOUT = PipelineLayout(
    preprocess_step="Preprocess",
    train_step="Train",
    tune_step="Tune",
    evaluate_step="Evaluate",
    gate_step="QualityGate",
    register_step="RegisterModel",
    fail_step="QualityGateFailed",
    raw_input="raw",
    raw_input_path=contract.processing_path("input/raw"),
    train_output="train",
    train_output_path=contract.processing_path("output/train"),
    test_output="test",
    test_output_path=contract.processing_path("output/test"),
    model_input="model",
    model_input_path=contract.processing_path("model"),
    test_input="test",
    test_input_path=contract.processing_path("test"),
    evaluation_output="evaluation",
    evaluation_output_path=contract.processing_path("evaluation"),
    property_file="EvaluationReport",
    report_file=contract.EVALUATION_REPORT_FILE,
)
