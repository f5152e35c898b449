"""Risk, complexity and strategy, each derived from the facts with its reasons.

Risk score (points add up; each adds one reason):
    +3 per hard-coded secret               +2 no model save found
    +1 per problematic dependency          +2 no ML framework recognised
    +1 per undeclared dependency           +2 distributed training (torch.distributed, Horovod...)
    +1 per distinct downloaded dataset     +1 per hyperparameter hazard (store_true, type=bool)
    level: 0-2 low, 3-5 medium, 6+ high

Complexity: complex with distributed training, more than 10 Python files, more than 2000 lines
of code, or more than two training frameworks; moderate with more than one Python file, more
than 300 lines, notebooks, or more than one model class; simple otherwise.

Strategy: manual when risk is high or no framework is recognised; assisted when risk is medium,
complexity is complex, a secret must be removed, the framework is one the migration does not
transform (none today: transform/ covers every framework analysis recognises), or no model save
was found; automated otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model import (
    Complexity,
    DatasetDownload,
    Dependency,
    DependencyStatus,
    Framework,
    Hyperparameter,
    ModelClass,
    ModelSave,
    Risk,
    RiskLevel,
    Secret,
    SourceStats,
    Strategy,
)

MEDIUM_RISK_FROM = 3
HIGH_RISK_FROM = 6
TRAINING_FRAMEWORKS = frozenset(Framework) - {Framework.TORCHVISION}
# The frameworks migrate transforms: the generic codemods (hyperparameters, channels, model
# saves, metrics) for every script, plus transform/keras.py (Keras, tf.keras), lightning.py and
# huggingface.py. A framework added to Framework stays "assisted" until it is listed here.
AUTOMATED_FRAMEWORKS = frozenset(
    {
        Framework.PYTORCH,
        Framework.TORCHVISION,
        Framework.SKLEARN,
        Framework.XGBOOST,
        Framework.LIGHTGBM,
        Framework.TENSORFLOW,
        Framework.KERAS,
        Framework.TRANSFORMERS,
        Framework.LIGHTNING,
    }
)


@dataclass(frozen=True)
class Facts:
    """What scoring reads: a subset of the analysis, gathered before the verdicts exist."""

    source: SourceStats
    frameworks: tuple[Framework, ...]
    hyperparameters: tuple[Hyperparameter, ...]
    dataset_downloads: tuple[DatasetDownload, ...]
    model_saves: tuple[ModelSave, ...]
    dependencies: tuple[Dependency, ...]
    secrets: tuple[Secret, ...]
    model_classes: tuple[ModelClass, ...]
    distributed: bool


def assess_risk(facts: Facts) -> Risk:
    score = 0
    reasons: list[str] = []

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"+{points} {reason}")

    for secret in facts.secrets:
        add(3, f"hard-coded {secret.kind} at {secret.file}:{secret.line}")
    for dependency in facts.dependencies:
        if dependency.status is DependencyStatus.PROBLEMATIC:
            add(1, f"{dependency.name}: {dependency.issue} (resolution: {dependency.resolution})")
        elif dependency.status is DependencyStatus.UNDECLARED:
            add(1, f"{dependency.name} is imported but not declared")
    for dataset in sorted({d.dataset for d in facts.dataset_downloads}):
        add(1, f"dataset {dataset} is downloaded at run time")
    for hyperparameter in facts.hyperparameters:
        if hyperparameter.hazard is not None:
            add(
                1,
                f"{hyperparameter.flag or hyperparameter.name} uses {hyperparameter.hazard}, "
                "which breaks with SageMaker's string hyperparameters",
            )
    if not facts.model_saves:
        add(2, "no model save found: SageMaker keeps only what is written to SM_MODEL_DIR")
    if not facts.frameworks:
        add(2, "no ML framework recognised")
    if facts.distributed:
        add(2, "distributed training needs a multi-instance job configuration")
    level = (
        RiskLevel.HIGH
        if score >= HIGH_RISK_FROM
        else RiskLevel.MEDIUM
        if score >= MEDIUM_RISK_FROM
        else RiskLevel.LOW
    )
    return Risk(level=level, score=score, reasons=tuple(reasons) or ("no risk factors found",))


def assess_complexity(facts: Facts) -> tuple[Complexity, tuple[str, ...]]:
    source = facts.source
    training = [f for f in facts.frameworks if f in TRAINING_FRAMEWORKS]
    complex_reasons = [
        reason
        for applies, reason in (
            (facts.distributed, "distributed training"),
            (source.python_files > 10, f"{source.python_files} Python files (more than 10)"),
            (source.lines_of_code > 2000, f"{source.lines_of_code} lines of code (more than 2000)"),
            (len(training) > 2, f"{len(training)} training frameworks (more than 2)"),
        )
        if applies
    ]
    if complex_reasons:
        return Complexity.COMPLEX, tuple(complex_reasons)
    moderate_reasons = [
        reason
        for applies, reason in (
            (source.python_files > 1, f"{source.python_files} Python files"),
            (source.lines_of_code > 300, f"{source.lines_of_code} lines of code (more than 300)"),
            (source.notebook_files > 0, f"{source.notebook_files} notebook(s) beside the code"),
            (len(facts.model_classes) > 1, f"{len(facts.model_classes)} model classes"),
        )
        if applies
    ]
    if moderate_reasons:
        return Complexity.MODERATE, tuple(moderate_reasons)
    summary = (
        f"{source.python_files} Python file, {source.lines_of_code} lines of code, "
        f"{len(facts.model_classes)} model class(es)"
    )
    return Complexity.SIMPLE, (summary,)


def choose_strategy(
    facts: Facts, risk: Risk, complexity: Complexity
) -> tuple[Strategy, tuple[str, ...]]:
    manual = [
        reason
        for applies, reason in (
            (risk.level is RiskLevel.HIGH, f"risk is high (score {risk.score})"),
            (not facts.frameworks, "no ML framework recognised"),
        )
        if applies
    ]
    if manual:
        return Strategy.MANUAL, tuple(manual)
    unsupported = sorted(set(facts.frameworks) - AUTOMATED_FRAMEWORKS)
    assisted = [
        reason
        for applies, reason in (
            (risk.level is RiskLevel.MEDIUM, f"risk is medium (score {risk.score})"),
            (complexity is Complexity.COMPLEX, "the project is complex"),
            (bool(facts.secrets), "hard-coded secrets must be moved to a secret store by hand"),
            (bool(unsupported), f"no automated transforms for {', '.join(unsupported)} yet"),
            (not facts.model_saves, "the model save must be added by hand"),
        )
        if applies
    ]
    if assisted:
        return Strategy.ASSISTED, tuple(assisted)
    return Strategy.AUTOMATED, (
        f"risk is {risk.level} and complexity is {complexity}; every finding has an automated fix",
    )
