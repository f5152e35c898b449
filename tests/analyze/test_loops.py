"""Epoch loops -> TrainingLoop facts."""

from __future__ import annotations

import pytest

from sagebridge.analyze.loops import find_training_loops

from .conftest import parse


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("for epoch in range(1, epochs + 1):\n    pass", [("epoch", 1)], id="classic"),
        pytest.param(
            "for i in trange(args.num_epochs):\n    pass", [("i", 1)], id="bound-names-epochs"
        ),
        pytest.param(
            "def main():\n    for ep_epoch in it:\n        pass",
            [("ep_epoch", 2)],
            id="variable-name",
        ),
        pytest.param("for batch in loader:\n    pass", [], id="batch-loop"),
        pytest.param("for i in range(10):\n    pass", [], id="plain-range"),
        pytest.param("for a, b in pairs(epochs):\n    pass", [], id="tuple-target"),
    ],
)
def test_find_training_loops(source: str, expected: list[tuple]) -> None:
    assert [(loop.variable, loop.line) for loop in find_training_loops(parse(source))] == expected
