"""validate's python-version check (issue 12, item 3): the code against the image's Python."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sagebridge.validate import python_version
from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckStatus

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
OLD_STYLE = '''
import numpy as np


def load(path: str) -> tuple[int, int]:
    return 1, 2
'''


def _project(tmp_path: Path, example: str) -> Path:
    out = tmp_path / example
    shutil.copytree(GOLDEN / example, out)
    return out


def test_tuple_annotations_without_the_future_import_fail_on_python_38() -> None:
    (found,) = python_version.problems(OLD_STYLE, (3, 8))
    line, message, rule = found
    assert (line, rule) == (5, "annotation")
    assert "tuple[int, int]" in message and "3.9" in message and "3.8" in message
    assert python_version.problems(OLD_STYLE, (3, 9)) == []
    assert python_version.problems("from __future__ import annotations\n" + OLD_STYLE, (3, 8)) == []


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("def f(x: int | None) -> None: ...\n", "annotation"),
        ("X: int | None = None\n", "annotation"),
        ("match 1:\n    case 1:\n        pass\n", "syntax"),
        ("import tomllib\n", "module"),
    ],
)
def test_newer_constructs_are_flagged_for_python_39(source: str, rule: str) -> None:
    assert [r for _, _, r in python_version.problems(source, (3, 9))] == [rule]
    assert python_version.problems(source, (3, 12)) == []


def test_local_annotations_are_not_evaluated() -> None:
    assert python_version.problems("def f():\n    x: tuple[int] = (1,)\n", (3, 8)) == []


@pytest.mark.parametrize("example", ["sklearn-digits", "xgboost-tabular", "ec2-mnist"])
def test_every_example_passes_against_its_image(tmp_path: Path, example: str) -> None:
    out = _project(tmp_path, example)
    outcome = python_version.check(Project.load(out))
    assert outcome.status is CheckStatus.PASSED, outcome.findings
    assert "6 files" in (outcome.reason or "")  # with code/sagebridge_launch.py


def test_a_user_file_with_new_annotations_fails_on_an_old_image(tmp_path: Path) -> None:
    out = _project(tmp_path, "xgboost-tabular")  # xgboost images: Python 3.8
    (out / "code" / "helpers.py").write_text(OLD_STYLE, encoding="utf-8")
    outcome = python_version.check(Project.load(out))
    assert outcome.status is CheckStatus.FAILED
    assert [(f.file, f.line) for f in outcome.findings] == [("code/helpers.py", 5)]


def test_without_image_metadata_the_check_is_skipped_not_passed(tmp_path: Path) -> None:
    out = _project(tmp_path, "sklearn-digits")
    metadata = json.loads((out / "metadata.json").read_text())
    del metadata["images"]
    (out / "metadata.json").write_text(json.dumps(metadata))
    assert python_version.check(Project.load(out)).status is CheckStatus.SKIPPED
