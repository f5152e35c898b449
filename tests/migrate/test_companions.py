"""Companion scripts on the corpus (issue 11): carried into OUT/code byte for byte; only the
entry point and the modules it uses are rewritten; hyperparameters are the entry point's."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.migrate import migrate_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.mark.parametrize(
    ("project", "companions", "migrated"),
    [
        pytest.param(
            "helper-scripts",
            ("evaluate_model.py", "predict.py", "prepare.py", "sample.py"),
            "train.py",
            id="helper-scripts",
        ),
        pytest.param(
            "nanogpt-style",
            ("sample.py", "data/tiny/prepare.py", "config/train_small.py"),
            "train.py",
            id="nanogpt-style",
        ),
        pytest.param(
            "word-lm", ("generate.py", "make_corpus.py"), "main.py", id="word-lm"
        ),
    ],
)
def test_companions_are_carried_untouched(
    tmp_path: Path, project: str, companions: tuple[str, ...], migrated: str
) -> None:
    src = CORPUS / project
    out = tmp_path / "out"
    result = migrate_project(src, out)
    assert result.plan.entry_point == migrated
    for companion in companions:
        assert (out / "code" / companion).read_bytes() == (src / companion).read_bytes()
    changed = {c.path.removeprefix("code/") for c in result.changes}
    assert migrated in changed
    assert not changed & set(companions)


def test_helper_scripts_hyperparameters_are_the_trainers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(CORPUS / "helper-scripts", out)
    assert result.plan.hyperparameters["--seed"] == "42"  # train.py's, not prepare.py's 0
    assert "--rows" not in result.plan.hyperparameters  # prepare.py's own setting
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert pipeline.count('"seed": hp_') + pipeline.count("'seed': hp_") == 1
