"""Analysis lists each file's nodes once (`ParsedModule.nodes`) for all its visitors instead of
walking the whole tree again in each."""

from __future__ import annotations

import ast
from collections import Counter

import pytest
from helpers.paths import example

from sagebridge.analyze import analyze_project
from sagebridge.analyze.source import ParsedModule


def test_nodes_are_the_walk_of_the_tree_listed_once() -> None:
    text = (example("ec2-mnist") / "train.py").read_text()
    module = ParsedModule.parse("train.py", text)
    assert module.nodes == tuple(ast.walk(module.tree))
    assert module.nodes is module.nodes  # computed once
    calls = [n for n in module.nodes if isinstance(n, ast.Call)]
    assert sorted(module.calls(), key=id) == sorted(calls, key=id)


def test_analysis_walks_a_file_a_few_times_not_once_per_visitor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = ast.walk
    whole_tree_walks: Counter[str] = Counter()

    def counted(node: ast.AST):  # type: ignore[no-untyped-def]
        if isinstance(node, ast.Module):
            whole_tree_walks["walks"] += 1
        return walk(node)

    monkeypatch.setattr(ast, "walk", counted)
    analysis = analyze_project(example("ec2-mnist"), None)
    assert analysis.entry_point == "train.py" and analysis.hyperparameters
    # The index (1), the import map (1), click defaults (2) and the four walks of
    # analyze/hyperparameters.py; there were 28 when each visitor walked the tree. One more
    # is not of the file: the model class's standalone source, parsed and walked once
    # (analyze/model_definition.py; the plan parsed it before issue 10).
    assert whole_tree_walks["walks"] <= 9
