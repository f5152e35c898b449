"""Analysis and plan records for the three example projects.

`analysis_for` uses the real analyser when it is installed and falls back to records written by
hand from the example sources (line numbers checked against examples/*/train.py) while it is
being built. `plan_for` uses the real `build_plan` when it exists, else assembles the plan from
our two planners and LAYOUT, the way build_plan calls them.
"""

from __future__ import annotations

from pathlib import Path

from sagebridge.model import (
    Analysis,
    ChannelPlan,
    Complexity,
    DatasetDownload,
    Dependency,
    DependencyStatus,
    Framework,
    HardCodedPath,
    Hyperparameter,
    HyperparameterOrigin,
    HyperparameterPlan,
    Metric,
    MetricPlan,
    MigrationPlan,
    ModelClass,
    ModelSave,
    Names,
    PathRole,
    Risk,
    RiskLevel,
    SaveFormat,
    SourceStats,
    Strategy,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def read_example_sources(example: str) -> dict[str, str]:
    try:
        from sagebridge.analyze import read_sources
    except ImportError:
        root = EXAMPLES / example
        return {
            p.relative_to(root).as_posix(): p.read_text()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".py", ".txt", ".md")
        }
    return dict(read_sources(EXAMPLES / example))


def analysis_for(example: str) -> Analysis:
    try:
        from sagebridge.analyze import analyze_project
    except ImportError:
        return _HAND_WRITTEN[example]()
    return analyze_project(EXAMPLES / example, "train.py")


def _hp(name: str, default, type_: str, line: int, origin=HyperparameterOrigin.CONSTANT, flag=None):
    return Hyperparameter(name, default, type_, origin, "train.py", line, flag)


def _common(root: str, lines: int, **kwargs) -> Analysis:
    base = {
        "root_name": root,
        "source": SourceStats(3, 1, 0, 1, lines, ("README.md", "requirements.txt", "train.py")),
        "entry_point": "train.py",
        "secrets": (),
        "training_loops": (),
        "argument_parsers": (),
        "risk": Risk(RiskLevel.LOW, 2, ("single script",)),
        "complexity": Complexity.SIMPLE,
        "complexity_reasons": ("one file",),
        "strategy": Strategy.AUTOMATED,
        "strategy_reasons": ("all patterns recognised",),
        "hard_coded_paths": (),
        "dataset_downloads": (),
        "model_classes": (),
    }
    base.update(kwargs)
    return Analysis(**base)


def _mnist() -> Analysis:
    return _common(
        "ec2-mnist",
        141,
        frameworks=(Framework.PYTORCH, Framework.TORCHVISION),
        hyperparameters=(
            _hp("batch_size", 64, "int", 21),
            _hp("test_batch_size", 1000, "int", 22),
            _hp("epochs", 10, "int", 23),
            _hp("lr", 1.0, "float", 24),
            _hp("gamma", 0.7, "float", 25),
        ),
        hard_coded_paths=(
            HardCodedPath("./data", PathRole.DATA, "train.py", 19, "data_dir"),
            HardCodedPath("./models/model.pth", PathRole.MODEL, "train.py", 20, "model_save_path"),
        ),
        dataset_downloads=(
            DatasetDownload("torchvision.datasets.MNIST", "MNIST", "train.py", 121),
        ),
        model_saves=(
            ModelSave(
                "torch.save",
                SaveFormat.STATE_DICT,
                "train.py",
                139,
                "model.state_dict()",
                "model_save_path",
            ),
        ),
        dependencies=(
            Dependency("torch", "torch", DependencyStatus.COMPATIBLE),
            Dependency(
                "torchvision",
                "torchvision",
                DependencyStatus.PROBLEMATIC,
                "dataset download needs internet access in the training container",
                "manual_download",
            ),
        ),
        model_classes=(ModelClass("Net", "nn.Module", "train.py", 30, 53, ()),),
        metrics=(
            Metric("test_accuracy", "100.0 * correct / len(test_loader.dataset)", "train.py", 91),
        ),
    )


def _digits() -> Analysis:
    arg = HyperparameterOrigin.ARGPARSE
    return _common(
        "sklearn-digits",
        84,
        frameworks=(Framework.SKLEARN,),
        hyperparameters=(
            _hp("n_estimators", 200, "int", 24, arg, "--n-estimators"),
            _hp("max_depth", 12, "int", 25, arg, "--max-depth"),
            _hp("test_size", 0.2, "float", 27, arg, "--test-size"),
            _hp("random_state", 42, "int", 28, arg, "--random-state"),
        ),
        model_saves=(
            ModelSave("joblib.dump", SaveFormat.JOBLIB, "train.py", 78, "model", "MODEL_PATH"),
        ),
        dependencies=(Dependency("scikit-learn", "scikit-learn", DependencyStatus.COMPATIBLE),),
        metrics=(Metric("test_accuracy", "accuracy_score(y_test, y_pred)", "train.py", 64),),
    )


def _churn() -> Analysis:
    return _common(
        "xgboost-tabular",
        92,
        frameworks=(Framework.XGBOOST, Framework.SKLEARN),
        hyperparameters=(
            _hp("MAX_DEPTH", 4, "int", 24),
            _hp("ETA", 0.1, "float", 25),
            _hp("NUM_ROUND", 300, "int", 26),
        ),
        hard_coded_paths=(HardCodedPath("./data", PathRole.DATA, "train.py", 15, "DATA_DIR"),),
        model_saves=(
            ModelSave(
                "model.save_model", SaveFormat.XGBOOST, "train.py", 88, "model", "MODEL_PATH"
            ),
        ),
        dependencies=(Dependency("xgboost", "xgboost", DependencyStatus.COMPATIBLE),),
        metrics=(
            Metric("validation_accuracy", "accuracy_score(y_val, val_pred)", "train.py", 78),
            Metric("validation_auc", "roc_auc_score(y_val, val_prob)", "train.py", 79),
            Metric("validation_logloss", "log_loss(y_val, val_prob)", "train.py", 80),
        ),
    )


_HAND_WRITTEN = {"ec2-mnist": _mnist, "sklearn-digits": _digits, "xgboost-tabular": _churn}


def plan_for(example: str) -> MigrationPlan:
    sources = read_example_sources(example)
    analysis = analysis_for(example)
    try:
        from sagebridge.plan import build_plan
    except ImportError:
        return _hand_plan(analysis, sources)
    return build_plan(analysis, sources)


def _hand_plan(analysis: Analysis, sources: dict[str, str]) -> MigrationPlan:
    from sagebridge.plan.dataset import plan_dataset
    from sagebridge.plan.layout import LAYOUT
    from sagebridge.plan.model_code import plan_model

    slug = analysis.root_name
    names = Names(
        slug,
        f"{slug}-stack",
        f"{slug}-pipeline",
        f"{slug}-models",
        f"{slug}-endpoint",
        f"{slug}-sagemaker-execution",
        f"{slug}-data",
        slug,
    )
    hyperparameters = tuple(
        HyperparameterPlan(
            hp.name, hp.flag or f"--{hp.name}", hp.default, hp.type, hp.origin, hp.file, hp.line
        )
        for hp in analysis.hyperparameters
    )
    metrics = tuple(
        MetricPlan(
            m.name, rf"{m.name}=([0-9.eE+-]+);", m.expression, m.file, m.line, "loss" not in m.name
        )
        for m in analysis.metrics
    )
    channels = tuple(
        ChannelPlan("training", "SM_CHANNEL_TRAINING", p.value, p.file, p.line, p.variable)
        for p in analysis.hard_coded_paths
        if p.role is PathRole.DATA
    )
    return MigrationPlan(
        analysis=analysis,
        names=names,
        entry_point=analysis.entry_point,
        framework=analysis.frameworks[0],
        hyperparameters=hyperparameters,
        channels=channels,
        metrics=metrics,
        objective_metric=metrics[0].name if metrics else None,
        model=plan_model(analysis, sources),
        dataset=plan_dataset(analysis, sources),
        layout=LAYOUT,
    )
