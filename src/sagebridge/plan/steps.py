"""Which optional steps the generated pipeline has, in which variant, and why (issue 11).

Every generated step either runs or is left out with a stated reason:

    Preprocess  (plan/preprocess_step.py) a data set the tool stages itself, else the user's own
                data-preparation script, else none (the data goes in as is)
    Evaluate    only after a DatasetPreprocess that exports a test set, for a model evaluate.py can
                load and score the way the script does (torch + torchvision, sklearn/xgboost + a
                tabular set)                                  -> ModelEvaluate, else NoEvaluate
    inference   only for a model the tool can load: a pickled/native estimator, or a torch class
                whose standalone definition and constructor call use no undefined name; a torch
                handler only where the input shape is known (the test set evaluate.py reads)
    Evaluate is also left out when the gate does not read its report (plan/metrics.py's
    plan_gate: the objective is a training metric, or evaluate.py can't recompute it); when
    plan_gate wanted the report but no faithful Evaluate can be generated, build_plan moves the
    gate to the training job's own final metric (`gate_after_steps`).

The standalone model source checked here is the plan's own text (ModelPlan.definition), not the
user's source.
"""

from __future__ import annotations

import builtins
import symtable

from sagebridge import contract
from sagebridge.model import (
    Analysis,
    Artifact,
    ArtifactStatus,
    ChannelPlan,
    DatasetPlan,
    DatasetPreprocess,
    EvaluatePlan,
    Framework,
    GateSource,
    InferencePlan,
    ModelEvaluate,
    ModelInference,
    ModelPlan,
    NoEvaluate,
    NoInference,
    PathRole,
    PipelineLayout,
    PreprocessKind,
    PreprocessPlan,
    StepsPlan,
    UserScriptPreprocess,
)
from sagebridge.model.model_build import TorchModelFacts
from sagebridge.plan.fidelity import NoteStep, informational, to_review, unfaithful
from sagebridge.plan.preprocess_step import plan_preprocess

_TORCH_DATASETS = (PreprocessKind.TORCHVISION,)
_TABULAR_DATASETS = (PreprocessKind.SKLEARN_BUNDLED, PreprocessKind.CSV)


def plan_steps(
    analysis: Analysis,
    dataset: DatasetPlan | None,
    model: ModelPlan | None,
    channels: tuple[ChannelPlan, ...],
    layout: PipelineLayout,
    gate: GateSource,
) -> StepsPlan:
    preprocess = plan_preprocess(analysis, dataset, channels, layout)
    undefined = _undefined_in_model(model)
    evaluate = _evaluate(preprocess, model, undefined, dataset)
    if gate is not GateSource.EVALUATION and isinstance(evaluate, ModelEvaluate):
        evaluate = NoEvaluate("the quality gate does not read an evaluation report")
    inference = _inference(model, undefined, evaluate, dataset)
    inputs = _forward_inputs(model, analysis.training.model)
    if model is not None and inputs > 1:  # a siamese pair model: one batch can't feed it
        why = f"{model.class_name}.forward takes {inputs} inputs; generated code feeds one batch"
        evaluate, inference = NoEvaluate(why), NoInference(f"{why}; no endpoint")
    artifacts, left_out = _artifacts(preprocess, evaluate, inference, model, dataset)
    if not writes_model(analysis):
        why = f"{analysis.entry_point} writes no model file: nothing to register"
        artifacts += (Artifact("RegisterModel", ArtifactStatus.LEFT_OUT, why),)
        return StepsPlan(preprocess, evaluate, inference, artifacts, left_out, False)
    return StepsPlan(preprocess, evaluate, inference, artifacts, left_out)


# Frameworks whose model the migrated script writes whatever its own saves (sagebridge's
# Lightning and Keras runtime after fit; a transformers Trainer's output_dir).
_WRITTEN_BY_FRAMEWORK = frozenset(
    {Framework.LIGHTNING, Framework.KERAS, Framework.TENSORFLOW, Framework.TRANSFORMERS}
)


def writes_model(analysis: Analysis) -> bool:
    """Whether a trained job's SM_MODEL_DIR holds anything: a model save the analysis found,
    a path it classified as the model's, or a framework whose model sagebridge writes."""
    return (
        bool(analysis.model_saves)
        or any(path.role is PathRole.MODEL for path in analysis.hard_coded_paths)
        or bool(_WRITTEN_BY_FRAMEWORK & set(analysis.frameworks))
    )


# How a script of each framework saves its model, for the "writes no model file" note.
_SAVE_EXAMPLES = {
    Framework.PYTORCH: "torch.save(model.state_dict(), 'model.pth')",
    Framework.TORCHVISION: "torch.save(model.state_dict(), 'model.pth')",
    Framework.LIGHTNING: "trainer.save_checkpoint('model.ckpt')",
    Framework.TENSORFLOW: "model.save('model.keras')",
    Framework.KERAS: "model.save('model.keras')",
    Framework.TRANSFORMERS: "trainer.save_model('model')",
    Framework.XGBOOST: "booster.save_model('model.json')",
    Framework.LIGHTGBM: "joblib.dump(model, 'model.joblib')",
    Framework.SKLEARN: "joblib.dump(model, 'model.joblib')",
}


def save_example(framework: Framework) -> str:
    """The framework's own model save, as the notes suggest it (`main_framework`'s pick)."""
    return _SAVE_EXAMPLES[framework]


def gate_after_steps(gate: GateSource, note: str, steps: StepsPlan, objective: str | None,
                     greater: bool, framework: Framework) -> tuple[GateSource, str]:
    """The gate plan_gate chose, moved to the training job's own metric when it wanted the
    Evaluate report but no faithful Evaluate step could be generated."""
    if not steps.registers_model:
        return GateSource.NONE, (
            "the script writes no model file, so the pipeline trains and registers nothing: no "
            "quality gate and no endpoint. The job's other outputs are in its output data "
            "(output.tar.gz in the job's output path); its metrics are logged as usual. To "
            f"register a model, save it (e.g. {save_example(framework)}) and migrate again."
        )
    if gate is not GateSource.EVALUATION or isinstance(steps.evaluate, ModelEvaluate):
        return gate, note
    compare = ">=" if greater else "<="
    return GateSource.TRAINING_METRIC, (
        f"the quality gate compares {objective} (the last value the training job logs, its "
        f"FinalMetricDataList) {compare} QualityThreshold, with no Evaluate step: "
        f"{steps.evaluate.reason}."
    )


# ---- Evaluate and inference -------------------------------------------------------------------


def _forward_inputs(model: ModelPlan | None, built: TorchModelFacts | None) -> int:
    """How many inputs the rebuilt PyTorch model's `forward` requires (1 when unknown)."""
    if model is None or model.loader != "torch" or built is None:
        return 1
    return built.forward_inputs


def _undefined_in_model(model: ModelPlan | None) -> list[str]:
    """Names the standalone model source and its constructor call use but never define."""
    if model is None or model.loader != "torch":
        return []
    source = f"{model.definition}\n_model = {model.class_name}({model.constructor_args})\n"
    if model.hyperparameter_args:  # read from the training job's file where the model is built
        source = f"hyperparameters = {{}}\n{source}"
    try:
        table = symtable.symtable(source, "model", "exec")
    except SyntaxError as error:
        return [f"<syntax error: {error.msg}>"]
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    defined |= {s.get_name() for s in table.get_symbols() if s.is_namespace()}
    referenced: set[str] = set()

    def visit(scope: symtable.SymbolTable) -> None:
        for symbol in scope.get_symbols():
            top = scope is table
            if symbol.is_referenced() and (symbol.is_global() or top):
                referenced.add(symbol.get_name())
        for child in scope.get_children():
            visit(child)

    visit(table)
    return sorted(referenced - defined - set(dir(builtins)) - {"__file__", "__name__"})


def _evaluate(
    preprocess: PreprocessPlan,
    model: ModelPlan | None,
    undefined: list[str],
    dataset: DatasetPlan | None,
) -> EvaluatePlan:
    if model is None:
        return NoEvaluate("the script saves no model the tool can load")
    if not isinstance(preprocess, DatasetPreprocess):
        return NoEvaluate("no held-out test set is exported by a generated Preprocess step")
    gaps = unfaithful(model.notes, NoteStep.MODEL)
    gaps += unfaithful(dataset.notes, NoteStep.EVALUATE) if dataset is not None else ()
    if gaps:
        return NoEvaluate(f"evaluate.py would not score as the script does: {'; '.join(gaps)}")
    if model.loader == "torch":
        if preprocess.kind not in _TORCH_DATASETS:
            return NoEvaluate(
                f"a PyTorch model on {preprocess.kind} data can't be re-scored as the script does"
            )
        if undefined:
            return NoEvaluate(
                f"the model's rebuilt definition uses undefined {', '.join(undefined)}"
            )
        return ModelEvaluate(f"reloads {model.class_name} and scores the test set")
    if preprocess.kind not in _TABULAR_DATASETS:
        return NoEvaluate(f"a {model.loader} model on {preprocess.kind} data can't be re-scored")
    return ModelEvaluate(f"reloads {model.model_file} and scores the held-out rows")


def _inference(
    model: ModelPlan | None,
    undefined: list[str],
    evaluate: EvaluatePlan,
    dataset: DatasetPlan | None,
) -> InferencePlan:
    if model is None:
        return NoInference("the script saves no model the tool can load; no endpoint")
    if model.loader == "torch" and undefined:
        return NoInference(
            f"{model.class_name} can't be rebuilt outside the script (undefined "
            f"{', '.join(undefined)} at {model.source_file}:{model.source_line}); no endpoint"
        )
    gaps = unfaithful(model.notes, NoteStep.MODEL)
    if gaps:
        return NoInference(
            f"inference.py can't load the model as trained ({model.source_file}:"
            f"{model.source_line}: {'; '.join(gaps)}); no endpoint"
        )
    if model.loader == "torch" and isinstance(evaluate, NoEvaluate) and not _input_shape(dataset):
        # A torch handler reshapes requests to the model's input shape, known from the exported
        # test set evaluate.py reads: without it the handler would accept no real request. (A
        # pickled estimator takes rows of any width; a transformers pipeline takes text.)
        return NoInference(
            f"the model's input shape is known only from a test set the tool exports, and "
            f"there is none here ({evaluate.reason}); no endpoint"
        )
    return ModelInference(f"loads {model.class_name or model.model_file}")


def _input_shape(dataset: DatasetPlan | None) -> tuple[int, ...]:
    return tuple(dataset.input_shape) if dataset is not None else ()


# ---- migrate's report -----------------------------------------------------------------------------

PREPROCESS_FILE = "code/preprocess.py"
EVALUATE_FILES = ("code/evaluate.py", "tests/test_evaluate.py")
INFERENCE_FILES = (f"code/{contract.INFERENCE_SCRIPT}", "tests/test_inference.py")
MODEL_TEST = "tests/test_model.py"


def _artifacts(
    preprocess: PreprocessPlan,
    evaluate: EvaluatePlan,
    inference: InferencePlan,
    model: ModelPlan | None,
    dataset: DatasetPlan | None,
) -> tuple[tuple[Artifact, ...], tuple[str, ...]]:
    artifacts: list[Artifact] = []
    left_out: list[str] = []
    if isinstance(preprocess, DatasetPreprocess):
        artifacts += _reviewed(PREPROCESS_FILE, dataset.notes if dataset else (), dataset)
    else:
        left_out.append(PREPROCESS_FILE)
        if isinstance(preprocess, UserScriptPreprocess):
            name = f"Preprocess (code/{preprocess.script})"
            artifacts.append(Artifact(name, ArtifactStatus.COMPLETE, preprocess.reason))
        else:
            artifacts.append(Artifact("Preprocess", ArtifactStatus.LEFT_OUT, preprocess.reason))
    for files, step in ((EVALUATE_FILES, evaluate), (INFERENCE_FILES, inference)):
        if isinstance(step, (ModelEvaluate, ModelInference)):
            notes = model.notes if model is not None else ()
            artifacts += _reviewed(files[0], notes, model)
        else:
            left_out.extend(files)
            artifacts.append(Artifact(files[0], ArtifactStatus.LEFT_OUT, step.reason))
    if isinstance(inference, ModelInference) and not isinstance(evaluate, ModelEvaluate):
        # Its example rows and expected predictions come from evaluate.py's test set.
        left_out.append(INFERENCE_FILES[1])
        artifacts.append(
            Artifact(
                INFERENCE_FILES[1],
                ArtifactStatus.LEFT_OUT,
                f"its test rows come from {EVALUATE_FILES[0]}, which is left out",
            )
        )
    if (
        left_out
        and MODEL_TEST not in left_out
        and not (isinstance(evaluate, ModelEvaluate) and isinstance(inference, ModelInference))
    ):
        left_out.append(MODEL_TEST)  # it loads the model through evaluate.py and inference.py
    return tuple(artifacts), tuple(left_out)


def _reviewed(
    name: str, notes: tuple[str, ...], source: DatasetPlan | ModelPlan | None
) -> list[Artifact]:
    """A generated file: complete (with what to know, if anything), or one "needs review" item
    per note a person must act on (plan/fidelity.py; unfaithful notes left the file out)."""
    if isinstance(source, DatasetPlan):
        where = f"{source.file}:{source.line}"
    elif source is not None:
        where = f"{source.source_file}:{source.source_line}"
    else:
        where = ""
    review = to_review(notes)
    if not review:
        known = "; ".join(informational(notes))
        return [Artifact(name, ArtifactStatus.COMPLETE, known, where if known else "")]
    return [Artifact(name, ArtifactStatus.NEEDS_REVIEW, note, where) for note in review]
