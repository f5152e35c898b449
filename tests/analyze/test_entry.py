"""Choosing the training script."""

from __future__ import annotations

import pytest

from sagebridge.analyze.entry import choose_entry_point
from sagebridge.errors import UserError

from .conftest import parse

GUARD = 'if __name__ == "__main__":\n    main()\n'
TRAINS = "for epoch in range(3):\n    pass\n"


def modules(files: dict[str, str]):
    return {path: parse(text, path) for path, text in files.items()}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"anything.py": "x = 1\n"}, "anything.py", id="single-file"),
        pytest.param(
            {"train.py": GUARD, "model.py": "class Net: pass\n"}, "train.py", id="one-guard"
        ),
        pytest.param(
            {"train.py": GUARD + TRAINS, "predict.py": GUARD},
            "train.py",
            id="two-guards-one-trains",
        ),
        pytest.param(
            {"main.py": TRAINS, "make_corpus.py": GUARD, "generate.py": "print(1)\n"},
            "main.py",
            id="guarded-helper-beside-unguarded-trainer",
        ),
        pytest.param(
            {"run.py": "clf.fit(X, y)\n", "util.py": "def f(): pass\n"},
            "run.py",
            id="no-guard-trains",
        ),
        pytest.param(
            {
                "main.py": '"__main__" == __name__ and 1\nif "__main__" == __name__:\n    go()\n',
                "lib.py": "",
            },
            "main.py",
            id="reversed-guard",
        ),
    ],
)
def test_choose_entry_point(files: dict[str, str], expected: str) -> None:
    assert choose_entry_point("proj", modules(files), None) == expected


def test_two_training_scripts_are_ambiguous() -> None:
    files = {"train_a.py": GUARD + TRAINS, "train_b.py": GUARD + TRAINS}
    with pytest.raises(UserError) as error:
        choose_entry_point("proj", modules(files), None)
    message = str(error.value)
    assert "train_a.py" in message and "train_b.py" in message and "--entry-point" in message
    assert "\n" not in message


@pytest.mark.parametrize("requested", ["train_b.py", "./train_b.py"])
def test_requested_entry_point(requested: str) -> None:
    files = {"train_a.py": GUARD + TRAINS, "train_b.py": GUARD + TRAINS}
    assert choose_entry_point("proj", modules(files), requested) == "train_b.py"


def test_requested_entry_point_must_exist() -> None:
    with pytest.raises(UserError, match=r"proj/nope\.py: no such Python file.*train\.py"):
        choose_entry_point("proj", modules({"train.py": GUARD}), "nope.py")
