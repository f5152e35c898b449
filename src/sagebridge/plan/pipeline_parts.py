"""Which parts pipeline/pipeline.py has, decided here so its templates (its imports included)
only print: a part is there or not, and the template writes its code and imports literally.

    ec2-mnist: Preprocess (raw IDX files) -> Train (or Tune) -> Evaluate -> gate (>=) -> Register
    PipelineParts(has_preprocess=True, has_evaluate=True, gated=True, needs_raw=True,
                  processing_inputs=True, gate_condition=GateCondition.AT_LEAST, ...)
"""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model import GateSource, HyperparameterPlan, MigrationPlan
from sagebridge.model.facts import StrEnum
from sagebridge.model.steps import EvaluateKind, InferenceKind, PreprocessKind

# The data sets the generated preprocess.py reads from raw files uploaded to the pipeline's
# InputDataUri (a bundled data set, a Hub dataset or a fetcher's download reads none).
_READS_RAW_FILES = frozenset({PreprocessKind.TORCHVISION, PreprocessKind.CSV,
                              PreprocessKind.KERAS})


# The pipeline's parts that differ by variant, one template each (the step templates include
# the one named here).
NETWORK_PARTS = "project/pipeline/_pipeline/_network"
PREPROCESS_RUN_PARTS = "project/pipeline/_pipeline/_preprocess_run"


class ProcessingNetwork(StrEnum):
    """Why a processing step has internet or not: its `network_config` and the comment on it."""

    HUB_DATASET = "hub_dataset"  # downloads the Hub dataset for the training job
    SKLEARN_FETCH = "sklearn_fetch"  # runs a scikit-learn fetcher into the training channel
    ISOLATED = "isolated"  # reads and writes under /opt/ml/processing only


class PreprocessRun(StrEnum):
    """What the Preprocess step runs: the user's own script or the generated preprocess.py."""

    USER_SCRIPT = "user_script"
    GENERATED = "generated"


class GateCondition(StrEnum):
    """The SDK condition the quality gate compares the objective with its threshold by."""

    AT_LEAST = "ConditionGreaterThanOrEqualTo"  # a metric where greater is better
    AT_MOST = "ConditionLessThanOrEqualTo"  # a loss, an error


@dataclass(frozen=True)
class PipelineParts:
    has_preprocess: bool  # a Preprocess step (generated preprocess.py or the user's script)
    has_evaluate: bool  # an Evaluate step (evaluate.py scores the model)
    has_inference: bool  # an inference.py is packed with the model
    gated: bool  # a quality gate before registering
    registers: bool  # a model is registered (the script writes one)
    has_processing: bool  # a processing step: Preprocess or Evaluate
    # Raw data to stage: a data set the generated preprocess.py reads, or the script's data
    # folder as it is (no Preprocess); none for a bundled data set or data the user's own
    # script generates.
    needs_raw: bool
    # A processing step takes an S3 input: Preprocess its raw data, or Evaluate the model.
    processing_inputs: bool
    has_float: bool  # a ParameterFloat: the gate's threshold or a float hyperparameter
    tunable: tuple[HyperparameterPlan, ...]  # the tuning step's ranges (none without objective)
    gate_condition: GateCondition
    # The steps the definition has, by name (the tuning step replaces the training one).
    step_names: tuple[str, ...]
    # The templates of the parts that differ by variant ("" for a step the pipeline lacks).
    preprocess_network: str  # the Preprocess processor's network_config (ProcessingNetwork)
    preprocess_run: str  # what it runs, its arguments, inputs and outputs (PreprocessRun)
    evaluate_network: str  # the Evaluate processor's network_config (ProcessingNetwork)


def pipeline_parts(plan: MigrationPlan) -> PipelineParts:
    assert plan.steps is not None  # always set by build_plan
    preprocess = plan.steps.preprocess.kind
    has_preprocess = preprocess is not PreprocessKind.NONE
    has_evaluate = plan.steps.evaluate.kind is EvaluateKind.MODEL
    gated = plan.gate is not GateSource.NONE
    needs_raw = preprocess in _READS_RAW_FILES or (not has_preprocess and bool(plan.channels))
    tunable = (
        tuple(hp for hp in plan.hyperparameters if hp.tuning) if plan.objective_metric else ()
    )
    layout = plan.layout
    assert layout is not None  # always set by build_plan
    step_names = (
        ((layout.preprocess_step,) if has_preprocess else ())
        + (layout.train_step,)
        + ((layout.evaluate_step,) if has_evaluate else ())
        + ((layout.gate_step,) if gated else ())
        + ((layout.register_step,) if plan.steps.registers_model and not gated else ())
    )
    return PipelineParts(
        has_preprocess=has_preprocess,
        has_evaluate=has_evaluate,
        has_inference=plan.steps.inference.kind is InferenceKind.MODEL,
        gated=gated,
        registers=plan.steps.registers_model,
        has_processing=has_preprocess or has_evaluate,
        needs_raw=needs_raw,
        processing_inputs=(needs_raw and has_preprocess) or has_evaluate,
        has_float=gated or any(hp.type == "float" for hp in plan.hyperparameters),
        tunable=tunable,
        gate_condition=(
            GateCondition.AT_LEAST if plan.objective_greater_is_better else GateCondition.AT_MOST
        ),
        step_names=step_names,
        preprocess_network=_part(NETWORK_PARTS, _network(preprocess)) if has_preprocess else "",
        preprocess_run=_part(PREPROCESS_RUN_PARTS, _run(preprocess)) if has_preprocess else "",
        evaluate_network=(
            _part(NETWORK_PARTS, _network(preprocess, evaluate=True)) if has_evaluate else ""
        ),
    )


def _network(preprocess: PreprocessKind, evaluate: bool = False) -> ProcessingNetwork:
    """The Hub dataset's steps download it (Preprocess and Evaluate); a fetcher's Preprocess
    runs it; every other processing step is isolated."""
    if preprocess is PreprocessKind.HUB_DATASET:
        return ProcessingNetwork.HUB_DATASET
    if preprocess is PreprocessKind.SKLEARN_FETCH and not evaluate:
        return ProcessingNetwork.SKLEARN_FETCH
    return ProcessingNetwork.ISOLATED


def _run(preprocess: PreprocessKind) -> PreprocessRun:
    if preprocess is PreprocessKind.USER_SCRIPT:
        return PreprocessRun.USER_SCRIPT
    return PreprocessRun.GENERATED


def _part(folder: str, variant: StrEnum) -> str:
    return f"{folder}/{variant.value}.py.jinja"
