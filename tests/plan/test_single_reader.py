"""Analysis is the only reader of the user's source: it parses each file once, and the plan
asks its questions of those trees (`AnalysedProject.index`) without reading or parsing the
source text again."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers.paths import example

from sagebridge.analyze import analyze_with_index, read_data_samples
from sagebridge.plan import build_plan

EXAMPLES = ("ec2-mnist", "sklearn-digits", "xgboost-tabular")


class ParseSpy:
    """Counts `ast.parse` calls by the text parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: Counter[str] = Counter()
        real = ast.parse

        def parse(source: Any, *args: Any, **kwargs: Any) -> Any:
            self.texts[source if isinstance(source, str) else repr(source)] += 1
            return real(source, *args, **kwargs)

        monkeypatch.setattr(ast, "parse", parse)


def _user_texts(src: Path) -> dict[str, str]:
    return {p.relative_to(src).as_posix(): p.read_text() for p in sorted(src.rglob("*.py"))}


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_plan_parses_no_user_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    src = example(name)
    analysed = analyze_with_index(src)
    samples = read_data_samples(src)
    spy = ParseSpy(monkeypatch)
    plan = build_plan(analysed.analysis, samples)
    assert plan.entry_point in analysed.index.modules
    reparsed = [file for file, text in _user_texts(src).items() if spy.texts[text]]
    assert reparsed == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_analysis_parses_each_user_file_once(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    src = example(name)
    spy = ParseSpy(monkeypatch)
    analysed = analyze_with_index(src)
    texts = _user_texts(src)
    assert sorted(analysed.index.modules) == sorted(texts)
    assert {file: spy.texts[text] for file, text in texts.items()} == dict.fromkeys(texts, 1)


def test_the_index_holds_the_trees_analysis_parsed() -> None:
    analysed = analyze_with_index(example("ec2-mnist"))
    module = analysed.index.modules[analysed.analysis.entry_point]
    assert module.parsed.tree is module.tree
    assert analysed.index.texts()[module.file] == module.text
