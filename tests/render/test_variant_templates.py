"""Issue 10: one template per variant, chosen by the plan; imports written in the templates;
parts (`_*`) included, never written as output; no template over ~400 lines."""

from __future__ import annotations

import dataclasses
import re

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.plan.step_templates import (
    evaluate_template,
    inference_template,
    preprocess_template,
)
from sagebridge.render import TEMPLATES_DIR
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


def test_step_scripts_do_not_branch_on_the_model_loader() -> None:
    """The variant is chosen by the plan: no code/ template tests which loader or dataset it is
    printing for (the optional parts of one variant, such as a Lightning checkpoint, remain)."""
    branching = re.compile(r"\{%-?\s*(?:el)?if[^%]*(?:model\.loader|dataset\.kind)\b")
    found = sorted(path.relative_to(TEMPLATES_DIR).as_posix()
                   for path in (TEMPLATES_DIR / "project" / "code").rglob("*.jinja")
                   if branching.search(path.read_text()))
    assert found == []


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
