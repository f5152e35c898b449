"""Which template writes each generated step script: one template per variant, chosen here.

The templates hold their own imports, written as the output has them; the plan only names the
variant (render prints `templates/<name>` as it is).
"""

from __future__ import annotations

from sagebridge.model import MigrationPlan
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan.step_imports import takes_raw_images

PREPROCESS_VARIANTS = "project/code/_preprocess"
EVALUATE_VARIANTS = "project/code/_evaluate"
INFERENCE_VARIANTS = "project/code/_inference"
TEST_MODEL_VARIANTS = "project/tests/_test_model"
TEST_EVALUATE_VARIANTS = "project/tests/_test_evaluate"
TEST_INFERENCE_VARIANTS = "project/tests/_test_inference"
CONFTEST_VARIANTS = "project/tests/_conftest"
STAGED_VARIANTS = "project/tests/_conftest/_staged"
README_DATA_VARIANTS = "project/_readme/_data"
README_INVOKE_VARIANTS = "project/_readme/_invoke"
# A transformers pipeline is served by its own template, outside the project tree's code/.
HUGGINGFACE_INFERENCE = "huggingface/inference.py.jinja"
HUGGINGFACE_TEST_INFERENCE = "huggingface/test_inference.py.jinja"


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


def evaluate_template(plan: MigrationPlan) -> str:
    """`project/code/_evaluate/<loader>.py.jinja` for the model evaluate.py reloads: `torch`
    (on a torchvision IDX test set, the only data plan/steps.py scores one on), `xgboost`, or
    `joblib` (a pickled estimator); "" without a model (evaluate.py is then left out)."""
    variant = _evaluate_variant(plan)
    return f"{EVALUATE_VARIANTS}/{variant}.py.jinja" if variant else ""


def test_model_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_model/<loader>.py.jinja`: the generated test that the embedded
    model is the trained one, for the model evaluate.py reloads (see evaluate_template)."""
    variant = _evaluate_variant(plan)
    return f"{TEST_MODEL_VARIANTS}/{variant}.py.jinja" if variant else ""


def test_evaluate_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_evaluate/<loader>.py.jinja`: the generated tests of evaluate.py,
    which recompute its objective the way the variant evaluate.py loads the model."""
    variant = _evaluate_variant(plan)
    return f"{TEST_EVALUATE_VARIANTS}/{variant}.py.jinja" if variant else ""


def _evaluate_variant(plan: MigrationPlan) -> str:
    model = plan.model
    if model is None:
        return ""
    return model.loader if model.loader in ("torch", "xgboost") else "joblib"


def inference_template(plan: MigrationPlan) -> str:
    """The template of the handlers inference.py serves the model with: Hugging Face's
    pipeline, a PyTorch model taking raw images through the script's test transform
    (`torch_images`) or its own tensors (`torch`), an XGBoost Booster (`xgboost`) or a pickled
    estimator (`joblib`); "" without a model (inference.py is then left out)."""
    variant = _inference_variant(plan)
    if variant == "huggingface":
        return HUGGINGFACE_INFERENCE
    return f"{INFERENCE_VARIANTS}/{variant}.py.jinja" if variant else ""


def test_inference_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_inference/<variant>.py.jinja`: the generated tests of the handlers
    inference_template names (Hugging Face's pipeline has its own)."""
    variant = _inference_variant(plan)
    if variant == "huggingface":
        return HUGGINGFACE_TEST_INFERENCE
    return f"{TEST_INFERENCE_VARIANTS}/{variant}.py.jinja" if variant else ""


def _inference_variant(plan: MigrationPlan) -> str:
    model = plan.model
    if model is None:
        return ""
    if model.loader == "huggingface":
        return "huggingface"
    if model.loader == "torch":
        return "torch_images" if takes_raw_images(plan) else "torch"
    return model.loader if model.loader == "xgboost" else "joblib"


def test_model_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_model/<loader>.py.jinja`: the generated test that the embedded
    model is the trained one, for the model evaluate.py reloads (see evaluate_template)."""
    variant = _evaluate_variant(plan)
    return f"{TEST_MODEL_VARIANTS}/{variant}.py.jinja" if variant else ""


def test_evaluate_template(plan: MigrationPlan) -> str:
    """`project/tests/_test_evaluate/<loader>.py.jinja`: the generated tests of evaluate.py,
    which recompute its objective the way the variant evaluate.py loads the model."""
    variant = _evaluate_variant(plan)
    return f"{TEST_EVALUATE_VARIANTS}/{variant}.py.jinja" if variant else ""


def _evaluate_variant(plan: MigrationPlan) -> str:
    model = plan.model
    if model is None:
        return ""
    return model.loader if model.loader in ("torch", "xgboost") else "joblib"


def inference_template(plan: MigrationPlan) -> str:
    """The template of the handlers inference.py serves the model with: Hugging Face's
    pipeline, a PyTorch model taking raw images through the script's test transform
    (`torch_images`) or its own tensors (`torch`), an XGBoost Booster (`xgboost`) or a pickled
    estimator (`joblib`); "" without a model (inference.py is then left out)."""
    model = plan.model
    if model is None:
        return ""
    if model.loader == "huggingface":
        return HUGGINGFACE_INFERENCE
    if model.loader == "torch":
        variant = "torch_images" if takes_raw_images(plan) else "torch"
    else:
        variant = model.loader if model.loader == "xgboost" else "joblib"
    return f"{INFERENCE_VARIANTS}/{variant}.py.jinja"


def conftest_template(plan: MigrationPlan) -> str:
    """`project/tests/_conftest/<data>.py.jinja`: the generated tests' fixtures for the data the
    script loads (see _data_variant): its docstring, imports, constants and synthetic files."""
    return f"{CONFTEST_VARIANTS}/{_data_variant(plan)}.py.jinja"


def conftest_staged_template(plan: MigrationPlan) -> str:
    """`project/tests/_conftest/_staged/<variant>.py.jinja`: how the `staged` fixture gets the
    training channel: the Preprocess step's own way when it is not a generated preprocess.py
    (user_script, hub_dataset, sklearn_fetch, none), else preprocess.py on the data variant's
    raw files (torchvision, csv_synthetic, keras, csv; sklearn_bundled reads none)."""
    preprocess = plan.steps.preprocess if plan.steps is not None else None
    kind = preprocess.kind if preprocess is not None else PreprocessKind.NONE
    if kind in _OWN_STAGING:
        return f"{STAGED_VARIANTS}/{kind.value}.py.jinja"
    data = _data_variant(plan)
    variant = data if data in _STAGED_FROM_RAW_FILES else "sklearn_bundled"
    return f"{STAGED_VARIANTS}/{variant}.py.jinja"


_OWN_STAGING = frozenset({PreprocessKind.USER_SCRIPT, PreprocessKind.HUB_DATASET,
                          PreprocessKind.SKLEARN_FETCH, PreprocessKind.NONE})
_STAGED_FROM_RAW_FILES = frozenset({"torchvision", "csv_synthetic", "keras", "csv"})


def _data_variant(plan: MigrationPlan) -> str:
    """torchvision (synthetic IDX files), sklearn_bundled, csv_synthetic (rows in the columns
    the plan judged), keras (the published files), csv (the real file is needed), or no_data
    (none the tests know how to provide)."""
    dataset = plan.dataset
    if dataset is None:
        return "no_data"
    if dataset.kind == "csv":
        return "csv_synthetic" if dataset.columns else "csv"
    if dataset.kind in ("torchvision", "sklearn_bundled", "keras"):
        return str(dataset.kind)
    return "no_data"


def readme_data_template(plan: MigrationPlan) -> str:
    """`project/_readme/_data/<variant>.md.jinja`: the README's "Check it locally" and "Data"
    sections for the data variant (see _data_variant); a data set of another kind (a Hub
    dataset, a scikit-learn fetcher) is `other_dataset`."""
    variant = _data_variant(plan)
    if variant == "no_data" and plan.dataset is not None:
        variant = "other_dataset"
    return f"{README_DATA_VARIANTS}/{variant}.md.jinja"


def readme_invoke_template(plan: MigrationPlan) -> str:
    """`project/_readme/_invoke/<variant>.md.jinja`: what to send the endpoint: raw images
    (`torch_images`), a PyTorch model's own tensors (`torch`) or rows of feature values
    (`rows`); "" without a model."""
    variant = _inference_variant(plan)
    if variant in ("torch_images", "torch"):
        return f"{README_INVOKE_VARIANTS}/{variant}.md.jinja"
    return f"{README_INVOKE_VARIANTS}/rows.md.jinja" if variant else ""
