"""Which template writes each generated file that differs by variant: one template per variant,
chosen here.

The templates hold their own imports, written as the output has them; the plan only names the
variant (render prints `templates/<name>` as it is). Conditionals left in a template are
content (a section present or not), never a choice between variants of code.
"""

from __future__ import annotations

from sagebridge.model import MigrationPlan, ModelLoader
from sagebridge.model.datasets import CsvDataset, KerasDataset
from sagebridge.model.facts import StrEnum
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan.aws_steps import uploads_data
from sagebridge.plan.step_imports import takes_raw_images

PREPROCESS_VARIANTS = "project/code/_preprocess"
KERAS_IMPORT_VARIANTS = "project/code/_preprocess/_keras_import"
EVALUATE_VARIANTS = "project/code/_evaluate"
INFERENCE_VARIANTS = "project/code/_inference"
TEST_MODEL_VARIANTS = "project/tests/_test_model"
TEST_EVALUATE_VARIANTS = "project/tests/_test_evaluate"
TEST_INFERENCE_VARIANTS = "project/tests/_test_inference"
CONFTEST_VARIANTS = "project/tests/_conftest"
STAGED_VARIANTS = "project/tests/_conftest/_staged"
README_DATA_VARIANTS = "project/_readme/_data"
README_INPUT_VARIANTS = "project/_readme/_invoke"
# A transformers pipeline is served (and tested) by its own templates, outside the project tree.
HUGGINGFACE_INFERENCE = "huggingface/inference.py.jinja"
HUGGINGFACE_TEST_INFERENCE = "huggingface/test_inference.py.jinja"


class EvaluateVariant(StrEnum):
    """How evaluate.py (and the tests that reload the model) load it."""

    TORCH = "torch"  # the embedded class and its state_dict, on a torchvision IDX test set
    XGBOOST = "xgboost"  # an XGBoost Booster
    JOBLIB = "joblib"  # a pickled estimator (and any other loader)


class InferenceVariant(StrEnum):
    """The handlers inference.py serves the model with."""

    HUGGINGFACE = "huggingface"  # a transformers pipeline
    TORCH_IMAGES = "torch_images"  # raw images through the script's own test transform
    TORCH = "torch"  # a PyTorch model's own tensors
    XGBOOST = "xgboost"  # an XGBoost Booster
    JOBLIB = "joblib"  # a pickled estimator


class ServingInput(StrEnum):
    """What the endpoint takes, as the README tells the user to send it."""

    RAW_IMAGES = "torch_images"  # raw images as the data set stores them
    TENSORS = "torch"  # what the PyTorch model takes after the script's transform
    ROWS = "rows"  # rows of feature values in the training column order


class DataVariant(StrEnum):
    """The data the generated tests and the README's Data section are written for."""

    TORCHVISION = "torchvision"  # IDX files: synthetic ones by default
    SKLEARN_BUNDLED = "sklearn_bundled"  # installed with scikit-learn
    CSV_SYNTHETIC = "csv_synthetic"  # a CSV whose columns the plan judged: synthetic rows
    CSV = "csv"  # a CSV the tests need the real file of
    KERAS = "keras"  # the published files a keras.datasets loader reads
    # Loaded by a call the tests do not make (Hub, fetchers); the README's for any pipeline
    # that reads no uploaded data (readme_data_template).
    OTHER_DATASET = "other_dataset"
    NO_DATA = "no_data"  # sagebridge did not recognise how the script loads its data


class StagingVariant(StrEnum):
    """How the generated tests' `staged` fixture gets the training channel."""

    USER_SCRIPT = "user_script"  # the user's own data-preparation script
    HUB_DATASET = "hub_dataset"  # a Hub dataset the tests do not download
    SKLEARN_FETCH = "sklearn_fetch"  # a scikit-learn fetcher's cache the tests do not download
    NONE = "none"  # no Preprocess step: the data folder as it is
    TORCHVISION = "torchvision"  # preprocess.py on (synthetic) IDX files
    CSV_SYNTHETIC = "csv_synthetic"  # preprocess.py on synthetic rows
    CSV = "csv"  # preprocess.py on the real CSV
    KERAS = "keras"  # preprocess.py on the published Keras files
    SKLEARN_BUNDLED = "sklearn_bundled"  # preprocess.py on data it reads from no folder


def preprocess_template(plan: MigrationPlan) -> str:
    """`project/code/_preprocess/<kind>.py.jinja` for the plan's dataset step (torchvision,
    keras, sklearn_bundled, csv, hub_dataset); "" when there is no dataset to stage
    (preprocess.py is then left out of the project)."""
    preprocess = plan.steps.preprocess if plan.steps is not None else None
    if isinstance(preprocess, DatasetPreprocess):
        kind = preprocess.kind.value
    elif plan.dataset is not None:
        kind = plan.dataset.kind
    else:
        return ""
    return f"{PREPROCESS_VARIANTS}/{kind}.py.jinja"


def keras_import_template(plan: MigrationPlan) -> str:
    """`project/code/_preprocess/_keras_import/<package>.py.jinja`: how the Keras preprocess.py
    imports keras, as the script's loader names it (`tensorflow.keras.datasets...` or
    `keras.datasets...`); "" without a Keras data set."""
    dataset = plan.dataset
    if not isinstance(dataset, KerasDataset):
        return ""
    package = "tensorflow" if dataset.loader.startswith("tensorflow.") else "keras"
    return f"{KERAS_IMPORT_VARIANTS}/{package}.py.jinja"


def evaluate_variant(plan: MigrationPlan) -> EvaluateVariant | None:
    """None without a model (evaluate.py and its tests are then left out)."""
    model = plan.model
    if model is None:
        return None
    if model.loader is ModelLoader.TORCH:
        return EvaluateVariant.TORCH
    if model.loader is ModelLoader.XGBOOST:
        return EvaluateVariant.XGBOOST
    return EvaluateVariant.JOBLIB


def evaluate_template(plan: MigrationPlan) -> str:
    """`project/code/_evaluate/<variant>.py.jinja` for the model evaluate.py reloads; ""
    without a model."""
    return _path(EVALUATE_VARIANTS, evaluate_variant(plan))


def test_model_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_model/<variant>.py.jinja`: the generated test that the embedded
    model is the trained one, for the model evaluate.py reloads."""
    return _path(TEST_MODEL_VARIANTS, evaluate_variant(plan))


def test_evaluate_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_evaluate/<variant>.py.jinja`: the generated tests of evaluate.py,
    which recompute its objective the way that evaluate.py loads the model."""
    return _path(TEST_EVALUATE_VARIANTS, evaluate_variant(plan))


def inference_variant(plan: MigrationPlan) -> InferenceVariant | None:
    """None without a model (inference.py and its tests are then left out)."""
    model = plan.model
    if model is None:
        return None
    if model.loader is ModelLoader.HUGGINGFACE:
        return InferenceVariant.HUGGINGFACE
    if model.loader is ModelLoader.TORCH:
        return InferenceVariant.TORCH_IMAGES if takes_raw_images(plan) else InferenceVariant.TORCH
    if model.loader is ModelLoader.XGBOOST:
        return InferenceVariant.XGBOOST
    return InferenceVariant.JOBLIB


def inference_template(plan: MigrationPlan) -> str:
    """The template of the handlers inference.py serves the model with (InferenceVariant); ""
    without a model."""
    variant = inference_variant(plan)
    if variant is InferenceVariant.HUGGINGFACE:
        return HUGGINGFACE_INFERENCE
    return _path(INFERENCE_VARIANTS, variant)


def test_inference_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_inference/<variant>.py.jinja`: the generated tests of the handlers
    inference_template names (Hugging Face's pipeline has its own)."""
    variant = inference_variant(plan)
    if variant is InferenceVariant.HUGGINGFACE:
        return HUGGINGFACE_TEST_INFERENCE
    return _path(TEST_INFERENCE_VARIANTS, variant)


def serving_input(plan: MigrationPlan) -> ServingInput | None:
    """What the endpoint takes; None without a model."""
    variant = inference_variant(plan)
    if variant is None:
        return None
    if variant is InferenceVariant.TORCH_IMAGES:
        return ServingInput.RAW_IMAGES
    if variant is InferenceVariant.TORCH:
        return ServingInput.TENSORS
    return ServingInput.ROWS


def readme_invoke_template(plan: MigrationPlan) -> str:
    """`project/_readme/_invoke/<input>.md.jinja`: what to send the endpoint; "" without a
    model."""
    return _path(README_INPUT_VARIANTS, serving_input(plan), ".md.jinja")


def data_variant(plan: MigrationPlan) -> DataVariant:
    dataset = plan.dataset
    if dataset is None:
        return DataVariant.NO_DATA
    if isinstance(dataset, CsvDataset):
        return DataVariant.CSV_SYNTHETIC if dataset.columns else DataVariant.CSV
    if dataset.kind == "torchvision":
        return DataVariant.TORCHVISION
    if dataset.kind == "sklearn_bundled":
        return DataVariant.SKLEARN_BUNDLED
    if dataset.kind == "keras":
        return DataVariant.KERAS
    return DataVariant.OTHER_DATASET


def conftest_template(plan: MigrationPlan) -> str:
    """`project/tests/_conftest/<data>.py.jinja`: the generated tests' fixtures for the data the
    script loads: its docstring, imports, constants and synthetic files (a data set loaded by a
    call the tests do not make gets the same as none)."""
    variant = data_variant(plan)
    if variant is DataVariant.OTHER_DATASET:
        variant = DataVariant.NO_DATA
    return _path(CONFTEST_VARIANTS, variant)


def staging_variant(plan: MigrationPlan) -> StagingVariant:
    """The Preprocess step's own way when it is not a generated preprocess.py, else
    preprocess.py on the data variant's raw files."""
    preprocess = plan.steps.preprocess if plan.steps is not None else None
    kind = preprocess.kind if preprocess is not None else PreprocessKind.NONE
    if kind in _OWN_STAGING:
        return StagingVariant(kind.value)
    data = data_variant(plan)
    if data in _STAGED_FROM_RAW_FILES:
        return StagingVariant(data.value)
    return StagingVariant.SKLEARN_BUNDLED


_OWN_STAGING = frozenset({PreprocessKind.USER_SCRIPT, PreprocessKind.HUB_DATASET,
                          PreprocessKind.SKLEARN_FETCH, PreprocessKind.NONE})
_STAGED_FROM_RAW_FILES = frozenset({DataVariant.TORCHVISION, DataVariant.CSV_SYNTHETIC,
                                    DataVariant.KERAS, DataVariant.CSV})


def conftest_staged_template(plan: MigrationPlan) -> str:
    """`project/tests/_conftest/_staged/<variant>.py.jinja`: the `staged` fixture."""
    return _path(STAGED_VARIANTS, staging_variant(plan))


def readme_data_template(plan: MigrationPlan) -> str:
    """`project/_readme/_data/<variant>.md.jinja`: the README's "Check it locally" and "Data"
    sections for the data variant; other_dataset's "nothing to upload" (and why) whenever the
    pipeline reads no uploaded data (aws_steps.uploads_data) but scikit-learn's bundled set."""
    variant = data_variant(plan)
    if variant is not DataVariant.SKLEARN_BUNDLED and not uploads_data(plan):
        variant = DataVariant.OTHER_DATASET
    return _path(README_DATA_VARIANTS, variant, ".md.jinja")


def _path(folder: str, variant: StrEnum | None, suffix: str = ".py.jinja") -> str:
    return f"{folder}/{variant.value}{suffix}" if variant is not None else ""
