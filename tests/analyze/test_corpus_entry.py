"""Entry point and companion scripts on the corpus projects (issue 11)."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_word_lm_trainer_is_main_and_helpers_are_companions() -> None:
    analysis = analyze_project(CORPUS / "word-lm")
    assert analysis.entry_point == "main.py"
    assert analysis.companion_scripts == ("generate.py", "make_corpus.py")
    # model.py and data.py are used by main.py: analysed, not companions
    assert {c.file for c in analysis.model_classes} <= {"main.py", "model.py", "data.py"}


def test_helper_scripts_settings_are_not_merged() -> None:
    analysis = analyze_project(CORPUS / "helper-scripts")
    assert analysis.entry_point == "train.py"
    assert analysis.companion_scripts == (
        "evaluate_model.py", "predict.py", "prepare.py", "sample.py"
    )
    names = [h.name for h in analysis.hyperparameters]
    assert len(names) == len(set(names)), names
    assert {h.file for h in analysis.hyperparameters} == {"train.py"}
    seed = next(h for h in analysis.hyperparameters if h.name == "seed")
    assert seed.default == 42  # train.py's --seed, not prepare.py's 0
    assert {s.file for s in analysis.model_saves} == {"train.py"}


def test_nanogpt_configurator_is_used_and_sample_is_a_companion() -> None:
    analysis = analyze_project(CORPUS / "nanogpt-style")
    assert analysis.entry_point == "train.py"
    assert "sample.py" in analysis.companion_scripts
    assert "configurator.py" not in analysis.companion_scripts  # exec'd by train.py
    assert "model.py" not in analysis.companion_scripts
