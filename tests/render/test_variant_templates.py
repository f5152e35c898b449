"""Issue 10: one template per variant, chosen by the plan; imports written in the templates;
parts (`_*`) included, never written as output; no template over ~400 lines; no code, test or
README template branches on the model loader, the data kind or the framework."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.plan.step_templates import (
    CONFTEST_VARIANTS,
    EVALUATE_VARIANTS,
    INFERENCE_VARIANTS,
    README_DATA_VARIANTS,
    README_INPUT_VARIANTS,
    STAGED_VARIANTS,
    TEST_EVALUATE_VARIANTS,
    TEST_INFERENCE_VARIANTS,
    TEST_MODEL_VARIANTS,
    DataVariant,
    EvaluateVariant,
    InferenceVariant,
    ServingInput,
    StagingVariant,
    data_variant,
    evaluate_template,
    inference_template,
    preprocess_template,
    serving_input,
    staging_variant,
)
from sagebridge.render import TEMPLATES_DIR, _environment
from sagebridge.render.project import render_project

MAX_TEMPLATE_LINES = 400


def _plan(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_project(src), read_data_samples(src))


@pytest.mark.parametrize(("example", "kind"), [("ec2-mnist", "torchvision"),
                                               ("sklearn-digits", "sklearn_bundled"),
                                               ("xgboost-tabular", "csv")])
def test_the_plan_names_the_preprocess_variant(example: str, kind: str) -> None:
    plan = _plan(example)
    name = preprocess_template(plan)
    assert name == f"project/code/_preprocess/{kind}.py.jinja"
    assert (TEMPLATES_DIR / name).is_file()
    # The step's imports are the template's own text, not a list the plan computed.
    assert "import argparse\n" in (TEMPLATES_DIR / name).read_text()
    rendered = render_project(plan, template_values(plan))
    assert "from __future__ import annotations\n\nimport argparse\n" in rendered["code/preprocess.py"]
    assert not any(part.startswith("_") for path in rendered for part in path.split("/"))


def test_every_dataset_kind_has_its_template() -> None:
    plan = _plan("ec2-mnist")
    for kind in (PreprocessKind.TORCHVISION, PreprocessKind.SKLEARN_BUNDLED,
                 PreprocessKind.CSV, PreprocessKind.KERAS):
        steps = dataclasses.replace(plan.steps, preprocess=DatasetPreprocess(kind, "test"))
        name = preprocess_template(dataclasses.replace(plan, steps=steps))
        assert (TEMPLATES_DIR / name).is_file(), name


@pytest.mark.parametrize(("example", "evaluate", "inference"),
                         [("ec2-mnist", "torch", "torch_images"),
                          ("sklearn-digits", "joblib", "joblib"),
                          ("xgboost-tabular", "xgboost", "xgboost")])
def test_the_plan_names_the_evaluate_and_inference_variants(example: str, evaluate: str,
                                                            inference: str) -> None:
    plan = _plan(example)
    assert evaluate_template(plan) == f"project/code/_evaluate/{evaluate}.py.jinja"
    assert inference_template(plan) == f"project/code/_inference/{inference}.py.jinja"
    rendered = render_project(plan, template_values(plan))
    for step, name in (("evaluate", evaluate_template(plan)),
                       ("inference", inference_template(plan))):
        text = (TEMPLATES_DIR / name).read_text()
        # The variant writes its own imports; the output has exactly those.
        own = re.search(r"\{% set own_imports %\}\n(.*?)\{% endset %\}", text, re.DOTALL)
        assert own is not None, name
        for line in own.group(1).splitlines():
            assert f"\n{line}\n" in rendered[f"code/{step}.py"], (name, line)


def test_a_tensor_taking_torch_model_gets_the_torch_inference_variant() -> None:
    plan = _plan("ec2-mnist")
    dataset = dataclasses.replace(plan.dataset, transform="")  # no transform: no raw images
    name = inference_template(dataclasses.replace(plan, dataset=dataset))
    assert name == "project/code/_inference/torch.py.jinja"
    assert "IMAGE_SHAPE" not in (TEMPLATES_DIR / name).read_text()


# A Jinja tag that compares the model's loader, the data set's or the Preprocess step's kind
# (beyond "is there a Preprocess step": `!= "none"`), or a framework: a choice between
# variants, which belongs in plan/step_templates.py.
_VARIANT_TEST = re.compile(
    r"(?:model\.loader|dataset\.kind|\.framework)\s*(?:==|!=|\bin\b|\bnot\b|\bis\b)"
    r"|\.loader\.(?:startswith|endswith)\("
    r"|preprocess\.kind\s*(?:(?:==|!=)(?!\s*[\"']none[\"'])|\bin\b|\bnot in\b)"
)
_TAG = re.compile(r"\{[%{](.*?)[%}]\}", re.DOTALL)
# The generated code, its tests, the README, the pipeline's parts and the docs: one template per
# variant, the plan's choice.
_ONE_PER_VARIANT = ("project/code", "project/tests", "project/_readme", "project/README.md.jinja",
                    "huggingface", "project/pipeline/pipeline.py.jinja",
                    "project/pipeline/_pipeline", "project/docs")


def branching_templates(templates_dir: Path) -> list[str]:
    """The templates under `templates_dir` (of _ONE_PER_VARIANT) with a tag that branches on
    the model loader, the data kind or the framework."""
    paths = []
    for name in _ONE_PER_VARIANT:
        root = templates_dir / name
        paths += [root] if root.is_file() else sorted(root.rglob("*.jinja"))
    return sorted(path.relative_to(templates_dir).as_posix() for path in paths
                  if any(_VARIANT_TEST.search(tag) for tag in _TAG.findall(path.read_text())))


def test_code_test_and_readme_templates_do_not_branch_on_a_variant() -> None:
    """The variant is chosen by the plan: no code/, tests/ or README template tests which
    loader, data kind or framework it is printing for (the optional parts of one variant,
    such as a Lightning checkpoint or a class output, remain)."""
    assert branching_templates(TEMPLATES_DIR) == []


def test_the_branching_check_finds_a_variant_test(tmp_path: Path) -> None:
    tests = tmp_path / "project" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_model.py.jinja").write_text(
        '{% if model and model.loader == "torch" %}\nimport torch\n{% endif %}\n')
    (tests / "conftest.py.jinja").write_text(
        "{{ 'x' if dataset.kind in ('csv', 'keras') else 'y' }}\n")
    (tests / "test_evaluate.py.jinja").write_text(
        '{% elif preprocess.kind == "hub_dataset" %}\n')
    (tests / "test_inference.py.jinja").write_text(
        '{% if dataset.loader.startswith("tensorflow.") %}\n{% endif %}\n')
    # Content, not a variant: a section present or not, a step there or not.
    (tests / "test_training.py.jinja").write_text("{% if plan.objective_metric %}\n{% endif %}\n")
    (tests / "test_pipeline.py.jinja").write_text(
        '{% set steps = [1] if plan.steps.preprocess.kind != "none" else [] %}\n')
    assert branching_templates(tmp_path) == ["project/tests/conftest.py.jinja",
                                             "project/tests/test_evaluate.py.jinja",
                                             "project/tests/test_inference.py.jinja",
                                             "project/tests/test_model.py.jinja"]


@pytest.mark.parametrize(("folder", "variants", "suffix"), [
    (EVALUATE_VARIANTS, EvaluateVariant, ".py.jinja"),
    (TEST_EVALUATE_VARIANTS, EvaluateVariant, ".py.jinja"),
    (TEST_MODEL_VARIANTS, EvaluateVariant, ".py.jinja"),
    (INFERENCE_VARIANTS, [v for v in InferenceVariant if v is not InferenceVariant.HUGGINGFACE],
     ".py.jinja"),
    (TEST_INFERENCE_VARIANTS,
     [v for v in InferenceVariant if v is not InferenceVariant.HUGGINGFACE], ".py.jinja"),
    (CONFTEST_VARIANTS, [v for v in DataVariant if v is not DataVariant.OTHER_DATASET],
     ".py.jinja"),
    (STAGED_VARIANTS, StagingVariant, ".py.jinja"),
    (README_DATA_VARIANTS, DataVariant, ".md.jinja"),
    (README_INPUT_VARIANTS, ServingInput, ".md.jinja"),
])
def test_every_variant_has_its_template_and_no_template_is_orphaned(folder, variants,
                                                                     suffix) -> None:
    names = {f"{variant.value}{suffix}" for variant in variants}
    present = {path.name for path in (TEMPLATES_DIR / folder).glob(f"*{suffix}")
               if not path.name.startswith("_")}
    assert present == names


@pytest.mark.parametrize(("example", "data", "staging", "serving"),
                         [("ec2-mnist", "torchvision", "torchvision", "torch_images"),
                          ("sklearn-digits", "sklearn_bundled", "sklearn_bundled", "rows"),
                          ("xgboost-tabular", "csv_synthetic", "csv_synthetic", "rows")])
def test_the_plan_names_the_generated_tests_and_readme_variants(example: str, data: str,
                                                                staging: str,
                                                                serving: str) -> None:
    plan = _plan(example)
    assert data_variant(plan) == data and staging_variant(plan) == staging
    assert serving_input(plan) == serving
    values = template_values(plan).project
    assert values.conftest_template == f"project/tests/_conftest/{data}.py.jinja"
    assert values.readme_data_template == f"project/_readme/_data/{data}.md.jinja"
    rendered = render_project(plan, template_values(plan))
    # The variant's imports are its own literal text; the output has exactly those.
    own = (TEMPLATES_DIR / values.conftest_template).read_text()
    block = own.split("from __future__ import annotations\n\n", 1)[1].split("\n\n{%", 1)[0]
    assert f"from __future__ import annotations\n\n{block}\n\n" in rendered["tests/conftest.py"]


def test_no_template_is_over_400_lines() -> None:
    long = {path.relative_to(TEMPLATES_DIR).as_posix(): n
            for path in TEMPLATES_DIR.rglob("*.jinja")
            if (n := len(path.read_text().splitlines())) > MAX_TEMPLATE_LINES}
    assert long == {}


def test_no_template_prints_an_import_list() -> None:
    """Imports are written in the templates; only the user's embedded code brings its own."""
    loops = re.compile(r"\{%-?\s*for \w+ in project\.(\w*imports)")
    found = {path.relative_to(TEMPLATES_DIR).as_posix(): loops.findall(path.read_text())
             for path in TEMPLATES_DIR.rglob("*.jinja")}
    assert {name: kinds for name, kinds in found.items()
            if any(not kind.endswith("embedded_imports") for kind in kinds)} == {}


def test_shapes_are_values_the_templates_print_as_tuples() -> None:
    """The plan passes shapes as tuples, not as Python source it wrote (`"(1, 28, 28)"`)."""
    plan = _plan("ec2-mnist")
    values = template_values(plan).project
    assert values.input_shape == (1, 28, 28) and values.image_shape == (28, 28)
    assert not any(isinstance(getattr(values, f.name), str) and f.name.endswith("_literal")
                   for f in dataclasses.fields(values))
    rendered = render_project(plan, template_values(plan))
    assert "\nIMAGE_SHAPE = (28, 28)\n" in rendered["tests/conftest.py"]
    assert "\nINPUT_SHAPE = (1, 28, 28)\n" in rendered["tests/test_model.py"]
    assert "\nIMAGE_SHAPE = (28, 28)  #" in rendered["code/inference.py"]
    pytuple = _environment().filters["pytuple"]
    assert (pytuple((784,)), pytuple([1, 28, 28])) == ("(784,)", "(1, 28, 28)")
