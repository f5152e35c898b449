"""What the plan says of a hyperparameter study in the script (an Optuna study: its metric is
the best trial's value, analyze/optuna_studies.py) that saves no model.

A study trains one model per trial. When the script saves none, the pipeline trains and
registers nothing (plan/steps.py); the note then says what is missing in the study's own terms
(the best trial's model, refitted from `study.best_params`) instead of a generic save example.
"""

from __future__ import annotations

from sagebridge.model import Framework, MetricPlan, MetricReport, StepsPlan
from sagebridge.plan.steps import save_example


def with_study_note(
    note: str, metrics: tuple[MetricPlan, ...], steps: StepsPlan, framework: Framework
) -> str:
    study = next((m for m in metrics if m.reported_by is MetricReport.STUDY), None)
    if study is None or steps.registers_model:
        return note
    return (
        "the script writes no model file, so the pipeline trains and registers nothing: no "
        "quality gate and no endpoint. Its Optuna study trains one model per trial and keeps "
        f"none; the job logs {study.name}, the best trial's value ({study.expression}). To "
        "register the best trial's model, refit it with study.best_params after optimize() "
        f"and save it (e.g. {save_example(framework)}), then migrate again."
    )
