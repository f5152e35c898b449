"""Issue 10: the pipeline's processing steps, the Keras preprocess.py's import, evaluate.py's
DROP_COLUMNS and the migration guide's variant parts are chosen or computed by the plan; the
templates only include or print them."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.paths import EXAMPLES

from sagebridge import contract
from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model.datasets import KerasDataset
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.plan.docs import project_values, template_values
from sagebridge.plan.guide_parts import (
    GUIDE_PARTS,
    GuideModelSaving,
    GuidePreprocess,
    GuideUpload,
)
from sagebridge.plan.pipeline_parts import pipeline_parts
from sagebridge.plan.step_templates import keras_import_template
from sagebridge.render import TEMPLATES_DIR, _environment
from sagebridge.render.project import render_project

NETWORK = "project/pipeline/_pipeline/_network/"
RUN = "project/pipeline/_pipeline/_preprocess_run/"


def _plan(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_project(src), read_data_samples(src))


def _with_preprocess(plan, kind: PreprocessKind):
    return dataclasses.replace(
        plan, steps=dataclasses.replace(plan.steps, preprocess=DatasetPreprocess(kind, "test")))


@pytest.mark.parametrize(("kind", "preprocess", "evaluate"), [
    (PreprocessKind.HUB_DATASET, "hub_dataset", "hub_dataset"),
    (PreprocessKind.SKLEARN_FETCH, "sklearn_fetch", "isolated"),
    (PreprocessKind.TORCHVISION, "isolated", "isolated"),
    (PreprocessKind.CSV, "isolated", "isolated"),
])
def test_the_plan_names_each_processing_steps_network(kind, preprocess, evaluate) -> None:
    parts = pipeline_parts(_with_preprocess(_plan("ec2-mnist"), kind))
    assert parts.preprocess_network == f"{NETWORK}{preprocess}.py.jinja"
    assert parts.evaluate_network == f"{NETWORK}{evaluate}.py.jinja"
    assert parts.preprocess_run == f"{RUN}generated.py.jinja"
    for name in (parts.preprocess_network, parts.evaluate_network, parts.preprocess_run):
        assert (TEMPLATES_DIR / name).is_file(), name


def test_a_hub_dataset_pipeline_gives_both_processing_steps_internet() -> None:
    plan = _with_preprocess(_plan("ec2-mnist"), PreprocessKind.HUB_DATASET)
    pipeline = _environment().get_template("project/pipeline/pipeline.py.jinja").render(
        plan=plan, names=plan.names, contract=contract, project=template_values(plan).project)
    assert pipeline.count("enable_network_isolation=False") == 2
    assert "enable_network_isolation=True" not in pipeline


def test_the_users_own_script_runs_without_the_generated_arguments() -> None:
    plan = _plan("ec2-mnist")
    script = dataclasses.replace(plan.steps.preprocess, kind=PreprocessKind.USER_SCRIPT)
    plan = dataclasses.replace(plan, steps=dataclasses.replace(plan.steps, preprocess=script))
    assert pipeline_parts(plan).preprocess_run == f"{RUN}user_script.py.jinja"
    assert (TEMPLATES_DIR / RUN / "user_script.py.jinja").is_file()


def test_without_steps_the_parts_name_no_template() -> None:
    parts = pipeline_parts(_with_preprocess(_plan("ec2-mnist"), PreprocessKind.NONE))
    assert parts.preprocess_network == parts.preprocess_run == ""


@pytest.mark.parametrize(("example", "line"), [
    ("corpus/keras-fashion-fit", "from tensorflow import keras\n"),  # tf.keras's loader
    ("corpus/keras-mnist-convnet", "import keras\n"),  # Keras 3's own loader
])
def test_the_keras_preprocess_imports_keras_as_the_loader_names_it(example: str,
                                                                   line: str) -> None:
    plan = _plan(example)
    assert isinstance(plan.dataset, KerasDataset)
    name = keras_import_template(plan)
    assert (TEMPLATES_DIR / name).read_text() == line
    preprocess = render_project(plan, template_values(plan))["code/preprocess.py"]
    assert f"\n{line}import numpy as np\n" in preprocess
    assert "    return keras.datasets." in preprocess


def test_a_plan_without_keras_data_names_no_keras_import() -> None:
    assert keras_import_template(_plan("ec2-mnist")) == ""


def test_drop_columns_are_the_csv_plans_and_evaluate_prints_them() -> None:
    plan = _plan("xgboost-tabular")
    assert project_values(plan).drop_columns == ("customer_id",) == plan.dataset.drop_columns
    evaluate = render_project(plan, template_values(plan))["code/evaluate.py"]
    assert "\nDROP_COLUMNS = ['customer_id']\n" in evaluate
    assert project_values(_plan("sklearn-digits")).drop_columns == ()
    digits = _plan("sklearn-digits")
    assert "\nDROP_COLUMNS = []\n" in render_project(digits, template_values(digits))[
        "code/evaluate.py"]


@pytest.mark.parametrize(("folder", "variants"), [
    ("_preprocess", GuidePreprocess), ("_model_saving", GuideModelSaving),
    ("_upload", GuideUpload), ("_evaluate_load", ("torch", "model_file")),
])
def test_every_guide_variant_has_its_part_and_no_part_is_orphaned(folder, variants) -> None:
    present = {path.name for path in (TEMPLATES_DIR / GUIDE_PARTS / folder).glob("*.md.jinja")}
    assert present == {f"{variant}.md.jinja" for variant in variants}


@pytest.mark.parametrize(("example", "preprocess", "saving", "upload"), [
    ("ec2-mnist", "torchvision", "torch", "torchvision_files"),
    ("sklearn-digits", "sklearn_bundled", "model_file", "no_upload"),
    ("xgboost-tabular", "checked", "model_file", "csv"),
    ("corpus/keras-fashion-fit", "keras", "none", "keras"),
])
def test_the_plan_names_the_guides_parts(example, preprocess, saving, upload) -> None:
    plan = _plan(example)
    guide = project_values(plan).guide
    assert guide.preprocess == f"{GUIDE_PARTS}/_preprocess/{preprocess}.md.jinja"
    assert guide.model_saving == f"{GUIDE_PARTS}/_model_saving/{saving}.md.jinja"
    assert guide.upload == f"{GUIDE_PARTS}/_upload/{upload}.md.jinja"
    assert not guide.staged_hub_dataset and not guide.stages_hub_dataset


def test_the_guide_prints_the_torch_variants_parts() -> None:
    plan = _plan("ec2-mnist")
    text = render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]
    assert "IDX files uploaded to the input data URI (no download in the job), checks" in text
    assert "loads the state_dict into the embedded `" in text
    assert "**Choice**: Dual format saving (`" in text
    assert "\n2. Put the raw MNIST files (" in text


def test_the_hub_dataset_the_preprocess_step_stages_is_named_for_the_guide() -> None:
    guide = project_values(_plan("corpus/hf-hub-dataset")).guide
    assert guide.stages_hub_dataset and guide.staged_hub_dataset
    plan = _plan("corpus/hf-hub-dataset")
    text = render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]
    assert f"- dataset `{guide.staged_hub_dataset}` (" in text
    assert "): staged for you. The " in text
