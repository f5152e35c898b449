"""Issue 10: one template per variant, chosen by the plan; imports written in the templates;
parts (`_*`) included, never written as output; no template over ~400 lines."""

from __future__ import annotations

import dataclasses
import re

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_with_index, read_data_samples
from sagebridge.model.steps import DatasetPreprocess, PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.plan.step_templates import preprocess_template
from sagebridge.render import TEMPLATES_DIR
from sagebridge.render.project import render_project

MAX_TEMPLATE_LINES = 400


def _plan(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_with_index(src), read_data_samples(src))


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
