"""Issue 10: the plan decides how data is staged from analysis's facts (analyze/data_loads.py and
its neighbours) and never reads the user's source: the data plan modules below neither import
`ast` nor ask the parsed-module index (`SourceIndex`, `index.`, `.with_hyperparameters`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sagebridge

PLAN = Path(sagebridge.__file__).resolve().parent / "plan"
# The data plan modules that decide only from facts.
DATA_PLAN_MODULES = (
    "dataset.py",
    "dataset_split.py",
    "huggingface_datasets.py",
    "keras_datasets.py",
    "sklearn_fetchers.py",
    "unstaged_downloads.py",
    "preprocess_step.py",
    "s3_data.py",
    "url_data.py",
    "hub_staging.py",
    "csv_columns.py",
)
INDEX_USE = re.compile(r"\bSourceIndex\b|\bindex\.|\bmodules\.modules\b|with_hyperparameters")


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("name", DATA_PLAN_MODULES)
def test_data_plan_module_reads_no_source(name: str) -> None:
    text = (PLAN / name).read_text()
    imported = _imports(ast.parse(text))
    assert imported, f"{name}: the check must see the module's imports"
    assert "ast" not in imported
    assert not any(n.startswith("sagebridge.analyze.index") for n in imported)
    assert INDEX_USE.findall(text) == []


def test_the_check_sees_a_module_that_reads_the_index() -> None:
    """The pattern catches the index use these modules had (so the test above can fail)."""
    before = "index = modules.with_hyperparameters(analysis.hyperparameters)\nindex.find_calls(f, n)"
    assert len(INDEX_USE.findall(before)) == 2
    assert "ast" in _imports(ast.parse("import ast\n"))
