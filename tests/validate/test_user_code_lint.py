"""Lint findings in the user's own code: an unused import the original script already had (as
pytorch/examples' mnist_hogwild has) is reported without failing `validate`; an undefined name
still fails, and so does anything on a line migrate added or in a file it generated (real
scripts, issue 11 section 2)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.migrate import migrate_project
from sagebridge.validate import python
from sagebridge.validate.project import Project
from sagebridge.validate.report import CheckStatus, Severity
from sagebridge.validate.user_code import migrated_lines

TRAINER = textwrap.dedent(
    """
    import sys
    from collections import OrderedDict

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = (X[:, 0] > 0).astype(int)
    model = LogisticRegression().fit(X[:60], y[:60])
    print(f"test accuracy: {model.score(X[60:], y[60:]):.4f}")
    """
)


def _migrated(tmp_path: Path, source: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(source)
    out = tmp_path / "out"
    migrate_project(project, out)
    return out


def test_an_unused_import_the_user_wrote_is_reported_not_failed(tmp_path: Path):
    out = _migrated(tmp_path, TRAINER)
    outcome = python.check(Project.load(out))
    assert outcome.status is CheckStatus.PASSED, outcome.findings
    assert sorted((f.file, f.rule, f.severity) for f in outcome.findings) == [
        ("code/train.py", "F401", Severity.INFO),
        ("code/train.py", "F401", Severity.INFO),
    ]


def test_an_undefined_name_in_the_users_code_still_fails(tmp_path: Path):
    out = _migrated(tmp_path, TRAINER + "\n\ndef later():\n    return not_defined_anywhere\n")
    outcome = python.check(Project.load(out))
    assert outcome.status is CheckStatus.FAILED
    assert [(f.rule, f.severity) for f in outcome.findings if f.rule == "F821"] == [
        ("F821", Severity.ERROR)
    ]


def test_a_generated_file_is_judged_in_full(tmp_path: Path):
    out = _migrated(tmp_path, TRAINER)
    runtime = out / "code" / "sagebridge_runtime.py"
    runtime.write_text("import colorsys\n" + runtime.read_text())
    outcome = python.check(Project.load(out))
    assert outcome.status is CheckStatus.FAILED
    assert [(f.file, f.line) for f in outcome.findings if f.severity is Severity.ERROR] == [
        ("code/sagebridge_runtime.py", 1)
    ]


def test_the_lines_migrate_added_are_read_from_the_diff(tmp_path: Path):
    out = _migrated(tmp_path, TRAINER)
    added = migrated_lines(out)
    migrated = (out / "code" / "train.py").read_text().splitlines()
    assert added.keys() == {"code/train.py"}
    assert added["code/train.py"]  # the metric codemod's lines
    assert all("sagebridge_runtime" in migrated[n - 1] for n in sorted(added["code/train.py"]))
    original = set(TRAINER.splitlines())
    assert all(migrated[n - 1] not in original for n in added["code/train.py"])
