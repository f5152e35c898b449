"""A hand-made MigrationPlan shaped like ec2-mnist's, for tests that must not wait on analysis.

Only the fields the pipeline template and the local runner read carry meaning here.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.model import (
    Analysis,
    ChannelPlan,
    Complexity,
    DatasetPreprocess,
    Framework,
    HyperparameterOrigin,
    HyperparameterPlan,
    MetricPlan,
    MigrationPlan,
    ModelEvaluate,
    ModelInference,
    PreprocessKind,
    Risk,
    RiskLevel,
    SourceStats,
    StepsPlan,
    Strategy,
    TuningRange,
)
from sagebridge.plan.layout import LAYOUT
from sagebridge.plan.names import derive_names

NAMES = derive_names("ec2-mnist")


def _analysis() -> Analysis:
    return Analysis(
        root_name="ec2-mnist",
        source=SourceStats(1, 1, 0, 1, 150, ("train.py",)),
        entry_point="train.py",
        frameworks=(Framework.PYTORCH,),
        hyperparameters=(),
        hard_coded_paths=(),
        dataset_downloads=(),
        model_saves=(),
        dependencies=(),
        secrets=(),
        model_classes=(),
        metrics=(),
        training_loops=(),
        argument_parsers=(),
        risk=Risk(RiskLevel.LOW, 0, ()),
        complexity=Complexity.SIMPLE,
        complexity_reasons=(),
        strategy=Strategy.AUTOMATED,
        strategy_reasons=(),
    )


def sample_plan(threshold: float | None = 90.0) -> MigrationPlan:
    hps = (
        HyperparameterPlan(
            "epochs",
            "--epochs",
            10,
            "int",
            HyperparameterOrigin.CONSTANT,
            "train.py",
            22,
            tuning=None,
        ),
        HyperparameterPlan(
            "lr",
            "--lr",
            1.0,
            "float",
            HyperparameterOrigin.CONSTANT,
            "train.py",
            23,
            tuning=TuningRange("continuous", 0.1, 2.0, "Logarithmic"),
        ),
        HyperparameterPlan(
            "batch_size",
            "--batch_size",
            64,
            "int",
            HyperparameterOrigin.CONSTANT,
            "train.py",
            20,
            tuning=TuningRange("integer", 16, 128, "Linear"),
        ),
    )
    plan = MigrationPlan(
        analysis=_analysis(),
        names=NAMES,
        entry_point="train.py",
        framework=Framework.PYTORCH,
        hyperparameters=hps,
        channels=(ChannelPlan("training", "SM_CHANNEL_TRAINING", "./data", "train.py", 18),),
        metrics=(
            MetricPlan(
                "test_accuracy", r"test_accuracy=([-+0-9.eE]+);", "accuracy", "train.py", 90
            ),
        ),
        objective_metric="test_accuracy",
        layout=LAYOUT,
        # Every optional step, as for ec2-mnist (plan/steps.py decides it for a real project).
        steps=StepsPlan(
            DatasetPreprocess(PreprocessKind.TORCHVISION, "stages MNIST"),
            ModelEvaluate("reloads Net and scores the test set"),
            ModelInference("loads Net"),
            (),
            (),
        ),
    )
    # The model, dataset, images and optional steps of the real ec2-mnist plan: the templates
    # print the model's code and the steps it decides (plan/steps.py).
    real = _ec2_mnist_plan()
    return replace(plan, quality_threshold=threshold, model=real.model, dataset=real.dataset,
                   images=real.images, steps=real.steps)


def _ec2_mnist_plan() -> MigrationPlan:
    from helpers.paths import example

    from sagebridge.analyze import analyze_project, read_data_samples
    from sagebridge.plan import build_plan

    src = example("ec2-mnist")
    return build_plan(analyze_project(src, None), read_data_samples(src))
